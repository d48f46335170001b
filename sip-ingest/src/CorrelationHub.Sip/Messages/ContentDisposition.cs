using System.Diagnostics.CodeAnalysis;

namespace CorrelationHub.Sip.Messages;

/// <summary>
/// Content-Disposition (RFC 3261 §20.11, RFC 5621 §9): <c>session;handling=required</c>,
/// <c>recording-session</c>, <c>signal;handling=optional</c>. The handling parameter defaults to required.
/// </summary>
public sealed class ContentDisposition
{
    private ContentDisposition(string type, SipParameters parameters)
    {
        Type = type;
        Parameters = parameters;
    }

    /// <summary>The disposition type in lower case.</summary>
    public string Type { get; }

    public SipParameters Parameters { get; }

    /// <summary>False only for <c>handling=optional</c>: such a part may be ignored when not understood.</summary>
    public bool IsRequired => !string.Equals(Parameters.Get("handling")?.Trim(), "optional", StringComparison.OrdinalIgnoreCase);

    public bool Is(string type) => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase);

    public static bool TryParse(string? text, [NotNullWhen(true)] out ContentDisposition? disposition)
    {
        disposition = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var semicolon = span.IndexOf(';');
        var type = (semicolon >= 0 ? span[..semicolon] : span).Trim();
        if (type.IsEmpty)
        {
            return false;
        }

        disposition = new ContentDisposition(type.ToString().ToLowerInvariant(), semicolon >= 0 ? SipParameters.Parse(span[(semicolon + 1)..]) : new SipParameters());
        return true;
    }
}
