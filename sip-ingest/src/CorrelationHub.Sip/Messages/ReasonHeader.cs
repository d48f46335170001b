using System.Globalization;

namespace CorrelationHub.Sip.Messages;

/// <summary>
/// One value of the Reason header (RFC 3326): <c>Q.850;cause=16;text="Normal call clearing"</c> or
/// <c>SIP;cause=408</c>. CUCM ends a recording leg that failed on codecs with Q.850 cause 47.
/// </summary>
public sealed record ReasonHeader(string Protocol, int? Cause, string? Text)
{
    /// <summary>Q.850 16: normal call clearing.</summary>
    public const int NormalClearing = 16;

    /// <summary>Q.850 47: resource unavailable; CUCM's cause when the recording leg cannot get a common codec.</summary>
    public const int ResourceUnavailable = 47;

    public bool IsQ850 => Protocol.Equals("Q.850", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every value of every Reason header line, in order; unreadable values are skipped.</summary>
    public static IReadOnlyList<ReasonHeader> ParseAll(SipHeaders headers)
    {
        var result = new List<ReasonHeader>();
        foreach (var value in headers.GetList(HeaderNames.Reason))
        {
            var semicolon = value.IndexOf(';', StringComparison.Ordinal);
            var protocol = (semicolon >= 0 ? value[..semicolon] : value).Trim();
            if (protocol.Length == 0)
            {
                continue;
            }

            var parameters = semicolon >= 0 ? SipParameters.Parse(value.AsSpan(semicolon + 1)) : new SipParameters();
            int? cause = int.TryParse(parameters.Get("cause")?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null;
            var text = parameters.Get("text") is { } t ? QuotedString.Unquote(t.Trim()) : null;
            result.Add(new ReasonHeader(protocol, cause, text));
        }

        return result;
    }

    /// <summary>The Q.850 cause of a request's Reason header, if it has one.</summary>
    public static int? Q850Cause(SipHeaders headers)
    {
        foreach (var reason in ParseAll(headers))
        {
            if (reason.IsQ850 && reason.Cause is { } cause)
            {
                return cause;
            }
        }

        return null;
    }
}
