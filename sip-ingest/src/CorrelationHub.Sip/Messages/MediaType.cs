using System.Diagnostics.CodeAnalysis;

namespace CorrelationHub.Sip.Messages;

/// <summary>
/// A Content-Type value (RFC 3261 §20.15, RFC 2045 §5.1): <c>type/subtype;param=value</c>. Type and subtype compare
/// case-insensitively (peers send <c>application/SDP</c>); parameter values are unquoted on read.
/// </summary>
public sealed class MediaType
{
    private MediaType(string type, string subtype, SipParameters parameters)
    {
        Type = type;
        Subtype = subtype;
        Parameters = parameters;
    }

    public string Type { get; }

    public string Subtype { get; }

    public SipParameters Parameters { get; }

    /// <summary><c>type/subtype</c> in lower case.</summary>
    public string Essence => $"{Type}/{Subtype}";

    public bool Is(string essence) => string.Equals(Essence, essence, StringComparison.OrdinalIgnoreCase);

    public bool IsMultipart => Type.Equals("multipart", StringComparison.OrdinalIgnoreCase);

    /// <summary>A parameter value without its quotes, or null.</summary>
    public string? Parameter(string name) => Parameters.Get(name) is { } value ? QuotedString.Unquote(value.Trim()) : null;

    public static bool TryParse(string? text, [NotNullWhen(true)] out MediaType? mediaType)
    {
        mediaType = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var semicolon = span.IndexOf(';');
        var essence = (semicolon >= 0 ? span[..semicolon] : span).Trim();
        var slash = essence.IndexOf('/');
        if (slash <= 0 || slash == essence.Length - 1)
        {
            return false;
        }

        var type = essence[..slash].Trim().ToString().ToLowerInvariant();
        var subtype = essence[(slash + 1)..].Trim().ToString().ToLowerInvariant();
        if (type.Length == 0 || subtype.Length == 0 || subtype.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        var parameters = semicolon >= 0 ? SipParameters.Parse(span[(semicolon + 1)..]) : new SipParameters();
        mediaType = new MediaType(type, subtype, parameters);
        return true;
    }

    public override string ToString() => Essence + Parameters;
}
