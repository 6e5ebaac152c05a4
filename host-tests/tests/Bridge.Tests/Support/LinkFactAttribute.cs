namespace Bridge.Tests.Support;

/// <summary>A fact that needs a link kind; it is skipped, saying why, only where that link truly cannot run.</summary>
public sealed class LinkFactAttribute : FactAttribute
{
    public LinkFactAttribute(LinkKind kind)
    {
        string? missing = BridgeRig.Unavailable(kind);
        if (missing != null)
        {
            Skip = missing;
        }
    }
}
