namespace CorrelationHub.Sip.Sdp;

/// <summary>An <c>a=name[:value]</c> line.</summary>
public readonly record struct SdpAttribute(string Name, string? Value)
{
    public override string ToString() => Value is null ? $"a={Name}" : $"a={Name}:{Value}";
}
