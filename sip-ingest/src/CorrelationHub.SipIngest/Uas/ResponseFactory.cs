using System.Globalization;
using CorrelationHub.Sip.Messages;
using CorrelationHub.SipIngest.Transport;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>Builds responses per RFC 3261 §8.2.6: Vias, From, To (with our tag), Call-ID and CSeq copied from the request.</summary>
public static class ResponseFactory
{
    public const string ServerName = "CorrelationHub-SRS";

    public static SipResponse Create(SipRequest request, int statusCode, string reasonPhrase, SipPeer source, string? toTag = null)
    {
        var response = new SipResponse(statusCode, reasonPhrase);
        var first = true;
        foreach (var via in request.Headers.GetList(HeaderNames.Via))
        {
            response.Headers.Add(HeaderNames.Via, first ? StampTopVia(via, source) : via);
            first = false;
        }

        response.Headers.Add(HeaderNames.From, request.Headers.Get(HeaderNames.From) ?? string.Empty);
        var to = request.Headers.Get(HeaderNames.To) ?? string.Empty;
        if (toTag is not null && statusCode > 100 && request.To?.Tag is null)
        {
            to += ";tag=" + toTag;
        }

        response.Headers.Add(HeaderNames.To, to);
        response.Headers.Add(HeaderNames.CallId, request.CallId ?? string.Empty);
        response.Headers.Add(HeaderNames.CSeq, request.Headers.Get(HeaderNames.CSeq) ?? string.Empty);
        if (statusCode == 100 && request.Headers.Get(HeaderNames.Timestamp) is { } timestamp)
        {
            // RFC 3261 §8.2.6.1: a 100 Trying copies the Timestamp of the request.
            response.Headers.Add(HeaderNames.Timestamp, timestamp);
        }

        response.Headers.Add(HeaderNames.Server, ServerName);
        return response;
    }

    /// <summary>
    /// Where a response goes (RFC 3261 §18.2.2, RFC 3581 §4): the stream connection it came on; for UDP the source
    /// address, and the source port when the request asked for rport, else the sent-by port (default 5060).
    /// </summary>
    public static SipPeer Destination(SipRequest request, SipPeer source)
    {
        if (source.IsStream)
        {
            return source;
        }

        var via = request.TopVia;
        if (via is null || via.HasRport)
        {
            return source;
        }

        var port = via.Port ?? 5060;
        return source with { Remote = new System.Net.IPEndPoint(source.Remote.Address, port) };
    }

    private static string StampTopVia(string viaText, SipPeer source)
    {
        if (!ViaHeader.TryParse(viaText, out var via))
        {
            return viaText;
        }

        var sourceAddress = source.Remote.Address.ToString();
        var changed = false;
        if (!string.Equals(via.Host.Trim('[', ']'), sourceAddress, StringComparison.OrdinalIgnoreCase))
        {
            // RFC 3261 §18.2.1: received= when sent-by differs from the packet's source address.
            via.Parameters.Set("received", sourceAddress);
            changed = true;
        }

        if (via.HasRport && via.Rport is null)
        {
            // RFC 3581 §4: fill in the source port, and received= as well.
            via.Parameters.Set("rport", source.Remote.Port.ToString(CultureInfo.InvariantCulture));
            via.Parameters.Set("received", sourceAddress);
            changed = true;
        }

        return changed ? via.ToString() : viaText;
    }
}
