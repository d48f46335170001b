using System.Globalization;
using System.Security.Cryptography;
using CorrelationHub.Sip.Messages;
using CorrelationHub.SipIngest.Transport;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>
/// Builds the recorder's own in-dialog requests (RFC 3261 §12.2.1.1, docs/interop.md DL-4, DL-5): next local CSeq, From and
/// To swapped with their tags, Request-URI the remote target, Route from the route set (loose routing; for a strict
/// first hop the Request-URI is that route and the remote target goes last).
/// </summary>
public static class DialogRequestFactory
{
    public const string UserAgent = "CorrelationHub-SRS";

    public static SipRequest Build(SipDialog dialog, string method, string viaHost, int viaPort, string transport, uint cseq, out string branch)
    {
        var routes = dialog.RouteSet.ToList();
        var requestUri = dialog.RemoteTarget;
        if (routes.Count > 0 && NameAddress.TryParse(routes[0], out var first) && first.Uri is { } firstUri && !firstUri.Parameters.Contains("lr"))
        {
            requestUri = first.UriText;
            routes.RemoveAt(0);
            routes.Add($"<{dialog.RemoteTarget}>");
        }

        branch = ViaHeader.MagicCookie + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var request = new SipRequest(method, requestUri);
        request.Headers.Add(HeaderNames.Via, $"SIP/2.0/{transport} {Host(viaHost)}:{viaPort.ToString(CultureInfo.InvariantCulture)};branch={branch};rport");
        request.Headers.Add(HeaderNames.MaxForwards, "70");
        foreach (var route in routes)
        {
            request.Headers.Add(HeaderNames.Route, route);
        }

        request.Headers.Add(HeaderNames.From, $"{dialog.LocalAddress};tag={dialog.Id.LocalTag}");
        request.Headers.Add(HeaderNames.To, dialog.RemoteAddress);
        request.Headers.Add(HeaderNames.CallId, dialog.Id.CallId);
        request.Headers.Add(HeaderNames.CSeq, $"{cseq.ToString(CultureInfo.InvariantCulture)} {method}");
        request.Headers.Add(HeaderNames.UserAgent, UserAgent);
        return request;
    }

    /// <summary>The URI of the next hop: the first route when there is a route set, else the remote target (RFC 3261 §8.1.2).</summary>
    public static SipUri? NextHop(SipDialog dialog)
    {
        if (dialog.RouteSet.Count > 0 && NameAddress.TryParse(dialog.RouteSet[0], out var route))
        {
            return route.Uri;
        }

        return SipUri.TryParse(dialog.RemoteTarget, out var target) ? target : null;
    }

    /// <summary>The transport a URI asks for, else the one the dialog was set up on.</summary>
    public static SipTransportKind TransportFor(SipUri uri, SipTransportKind dialogTransport) => uri.Transport?.ToLowerInvariant() switch
    {
        "udp" => SipTransportKind.Udp,
        "tcp" => SipTransportKind.Tcp,
        "tls" => SipTransportKind.Tls,
        _ => uri.Scheme == "sips" ? SipTransportKind.Tls : dialogTransport,
    };

    private static string Host(string address) => address.Contains(':', StringComparison.Ordinal) && !address.StartsWith('[') ? $"[{address}]" : address;
}
