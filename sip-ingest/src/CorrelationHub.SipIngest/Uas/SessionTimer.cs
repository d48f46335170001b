using System.Globalization;
using CorrelationHub.Sip.Messages;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>
/// RFC 4028 session timer as the UAS negotiates it (§9). We never make ourselves the refresher unless the client asks
/// us to by name (<c>refresher=uas</c>); then we do refresh, with an UPDATE at half the interval (§10). When the
/// client does not say, it refreshes (<c>refresher=uac</c>), as CUCM and CUBE do.
/// </summary>
public sealed record SessionTimer(int IntervalSeconds, bool WeRefresh, bool ClientSupportsTimer)
{
    /// <summary>
    /// Reads a request's Session-Expires and Min-SE. Null when the request has no Session-Expires (no timer). Sets
    /// <paramref name="tooSmall"/> when the interval is below our minimum: the request then gets 422 with our Min-SE.
    /// </summary>
    public static SessionTimer? Negotiate(SipRequest request, int ourMinSeconds, out bool tooSmall)
    {
        tooSmall = false;
        if (!SessionExpiresHeader.TryParse(request.Headers.Get(HeaderNames.SessionExpires), out var requested))
        {
            return null;
        }

        if (requested.Value.Seconds < ourMinSeconds)
        {
            tooSmall = true;
            return null;
        }

        var supportsTimer = request.Headers.GetList(HeaderNames.Supported).Any(t => t.Equals("timer", StringComparison.OrdinalIgnoreCase))
            || request.Headers.GetList(HeaderNames.Require).Any(t => t.Equals("timer", StringComparison.OrdinalIgnoreCase));

        // §9: the refresher the client names is kept; a client without timer support cannot refresh, so we do.
        var weRefresh = requested.Value.Refresher == "uas" || !supportsTimer;
        return new SessionTimer(requested.Value.Seconds, weRefresh, supportsTimer);
    }

    /// <summary>The Session-Expires value of our 2xx.</summary>
    public string ResponseHeader => string.Create(CultureInfo.InvariantCulture, $"{IntervalSeconds};refresher={(WeRefresh ? "uas" : "uac")}");

    /// <summary>When the client (the refresher) is late: the interval minus the lesser of 32 s and a third of it (§10).</summary>
    public TimeSpan ExpiresAfter => TimeSpan.FromSeconds(IntervalSeconds - Math.Min(32, IntervalSeconds / 3.0));

    /// <summary>When we refresh, if we are the refresher: half the interval (§10).</summary>
    public TimeSpan RefreshAfter => TimeSpan.FromSeconds(IntervalSeconds / 2.0);
}
