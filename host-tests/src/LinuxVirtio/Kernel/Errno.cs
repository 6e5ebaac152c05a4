namespace LinuxVirtio.Kernel;

/// <summary>The errno values the modelled paths return (as negative ints, like the kernel).</summary>
public static class Errno
{
    public const int ENOENT = 2;
    public const int ENXIO = 6;
    public const int E2BIG = 7;
    public const int EIO = 5;
    public const int ENOMEM = 12;
    public const int EBUSY = 16;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int ENOSPC = 28;
    public const int ETIMEDOUT = 110;
    public const int EOPNOTSUPP = 95;

    /// <summary>"-19 (ENODEV)" for messages.</summary>
    public static string Describe(int err) => err switch
    {
        0 => "0",
        -ENOENT => "-ENOENT",
        -ENXIO => "-ENXIO",
        -E2BIG => "-E2BIG",
        -EIO => "-EIO",
        -ENOMEM => "-ENOMEM",
        -EBUSY => "-EBUSY",
        -ENODEV => "-ENODEV",
        -EINVAL => "-EINVAL",
        -ENOSPC => "-ENOSPC",
        -ETIMEDOUT => "-ETIMEDOUT",
        -EOPNOTSUPP => "-EOPNOTSUPP",
        _ => err.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
