using System.Globalization;
using CorrelationHub.Sip.Bodies;
using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.Sip.Siprec;
using CorrelationHub.SipIngest.Logging;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>The checks an initial INVITE, a re-INVITE and an UPDATE share, written once.</summary>
public sealed partial class SipServer
{
    /// <summary>What a request offers once it passed the checks: its session timer, metadata and SDP offer.</summary>
    private sealed record CheckedOffer(SessionTimer? Timer, MetadataParseResult? Metadata, SdpSession? Offer);

    /// <summary>
    /// Reads the session timer, the SIPREC metadata and the SDP of a request, and answers it when one of them
    /// cannot be taken: 422 with our Min-SE for a too short Session-Expires (RFC 4028 §6), 400 for hostile metadata
    /// (docs/interop.md PA-7) or an unreadable SDP. Null when it was answered.
    /// </summary>
    private async ValueTask<CheckedOffer?> CheckOfferAsync(ServerTransaction transaction, SipBody body, CancellationToken cancellationToken)
    {
        var request = transaction.Request;
        var timer = SessionTimer.Negotiate(request, _options.SessionMinSeconds, out var tooSmall);
        if (tooSmall)
        {
            await RespondAsync(transaction, 422, "Session Interval Too Small", cancellationToken, r => r.Headers.Add(HeaderNames.MinSe, _options.SessionMinSeconds.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
            return null;
        }

        var metadata = body.Metadata is null ? null : RecordingMetadataParser.Parse(body.Metadata);
        if (metadata?.Status == MetadataParseStatus.Hostile)
        {
            SipLog.MetadataRefused(_logger, request.CallId!, metadata.Error ?? "hostile");
            await RespondAsync(transaction, 400, $"Bad Request (metadata refused: {metadata.Error})", cancellationToken).ConfigureAwait(false);
            return null;
        }

        SdpSession? offer = null;
        if (body.Sdp is not null && !SdpParser.TryParse(body.Sdp, out offer))
        {
            await RespondAsync(transaction, 400, "Bad Request (unreadable SDP)", cancellationToken).ConfigureAwait(false);
            return null;
        }

        return new CheckedOffer(timer, metadata, offer);
    }
}
