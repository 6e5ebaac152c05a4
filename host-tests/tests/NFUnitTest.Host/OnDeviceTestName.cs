using Xunit.Abstractions;

namespace NFUnitTest.Host
{
    /// <summary>
    /// The theory argument naming one on-device test. A serializable type (rather than a string, which xunit cuts at 50
    /// characters in the display name) so every case is listed, and reported, under its full name.
    /// </summary>
    public sealed class OnDeviceTestName : IXunitSerializable
    {
        public OnDeviceTestName()
        {
            Name = string.Empty;
        }

        public OnDeviceTestName(string name)
        {
            Name = name;
        }

        public string Name { get; private set; }

        public void Deserialize(IXunitSerializationInfo info)
        {
            Name = info.GetValue<string>(nameof(Name));
        }

        public void Serialize(IXunitSerializationInfo info)
        {
            info.AddValue(nameof(Name), Name);
        }

        public override string ToString() => Name;
    }
}
