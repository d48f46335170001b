using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace CorrelationHub.Sip.Messages;

/// <summary>
/// A From, To or Contact value (RFC 3261 §20.10, §25.1): <c>"Display" &lt;uri&gt;;header-params</c> or a bare
/// addr-spec, whose trailing parameters are then header parameters, not URI parameters.
/// </summary>
public sealed class NameAddress
{
    public NameAddress(string? displayName, string uriText, SipParameters parameters)
    {
        DisplayName = displayName;
        UriText = uriText;
        Parameters = parameters;
        Uri = SipUri.TryParse(uriText, out var uri) ? uri : null;
    }

    public string? DisplayName { get; }

    /// <summary>The URI as received (without angle brackets).</summary>
    public string UriText { get; }

    /// <summary>The URI parsed as sip/sips; null for other schemes (tel:, urn:).</summary>
    public SipUri? Uri { get; }

    public SipParameters Parameters { get; }

    public string? Tag => Parameters.Get("tag");

    public static bool TryParse(string? text, [NotNullWhen(true)] out NameAddress? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        string? display = null;
        var i = 0;
        if (span[0] == '"')
        {
            var end = QuotedString.FindEnd(span, 0);
            display = QuotedString.Unquote(span[..end].ToString());
            i = end;
        }

        var open = span[i..].IndexOf('<');
        if (open >= 0)
        {
            open += i;
            if (display is null)
            {
                var token = span[..open].Trim();
                display = token.IsEmpty ? null : token.ToString();
            }

            var close = span[open..].IndexOf('>');
            if (close < 0)
            {
                return false;
            }

            close += open;
            var uriText = span[(open + 1)..close].Trim().ToString();
            var parameters = SipParameters.Parse(span[(close + 1)..]);
            address = new NameAddress(display, uriText, parameters);
            return uriText.Length > 0;
        }

        if (display is not null)
        {
            return false;
        }

        // addr-spec form: parameters after the URI belong to the header (RFC 3261 §20.10).
        var semicolon = span.IndexOf(';');
        var bare = semicolon >= 0 ? span[..semicolon] : span;
        var headerParameters = semicolon >= 0 ? SipParameters.Parse(span[(semicolon + 1)..]) : new SipParameters();
        if (bare.IsEmpty || bare.IndexOf(' ') >= 0)
        {
            return false;
        }

        address = new NameAddress(null, bare.ToString(), headerParameters);
        return true;
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        if (DisplayName is not null)
        {
            builder.Append('"').Append(DisplayName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\" ");
        }

        builder.Append('<').Append(UriText).Append('>').Append(Parameters);
        return builder.ToString();
    }
}
