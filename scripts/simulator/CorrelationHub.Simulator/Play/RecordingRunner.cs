using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using CorrelationHub.Simulator.Day;
using CorrelationHub.Simulator.Media;
using CorrelationHub.Simulator.Sip;
using CorrelationHub.Simulator.Truth;

namespace CorrelationHub.Simulator.Play;

/// <summary>
/// Plays the segments of one recorded call in wall time: CUCM's two delayed-offer legs (the recorder offers in its
/// 200 OK, the phone answers in the ACK, docs/interop.md, CUCM recording legs), the CUBE media proxy's early-offer SRTP legs
/// (story D), or one CUBE SIPREC session (multipart SDP + RFC 7865 metadata, story C); RTP while the segment lasts;
/// BYE at its end (unless the fault says the BYE is lost).
/// </summary>
public sealed class RecordingRunner(PlayContext context)
{
    private static readonly TimeSpan InviteTimeout = TimeSpan.FromSeconds(16);

    private static readonly TimeSpan AudioLead = TimeSpan.FromSeconds(2);

    public async Task RunAsync(RecordingPlan recording, IReadOnlyDictionary<(string, int), TruthSegment> truth, CancellationToken cancellationToken)
    {
        // The call's speech is made shortly before its first INVITE, not when the day starts: made for every call of
        // the day at once it starved the machine (simulator and product) for the first half minute.
        if (recording.Segments.Count == 0)
        {
            return;
        }

        await DelayUntil(context.Time.Wall(recording.Segments[0].StartSim) - AudioLead, cancellationToken).ConfigureAwait(false);
        var near = context.Pump is null ? [] : context.Audio.Agent(recording);
        var far = context.Pump is null ? [] : context.Audio.FarEnd(recording);
        foreach (var segment in recording.Segments)
        {
            var inviteAt = context.Time.Wall(segment.StartSim) + TimeSpan.FromMilliseconds(segment.InviteDelayMs);
            var byeAt = context.Time.Wall(segment.EndSim) + TimeSpan.FromMilliseconds(segment.ByeDelayMs);
            var inviteLate = await DelayUntil(inviteAt, cancellationToken).ConfigureAwait(false);
            var record = truth[(recording.Key, segment.Index)];
            record.InviteSentUtc = TimeMap.Iso(DateTimeOffset.UtcNow);
            record.InviteLateMs = Math.Round(inviteLate.TotalMilliseconds);
            var legs = recording.Style switch
            {
                RecordingStyle.Siprec => [await SiprecAsync(recording, near, far).ConfigureAwait(false)],
                _ => await CucmPairAsync(recording, segment, near, far).ConfigureAwait(false),
            };
            record.SipOutcome = string.Join(',', legs.Select(l => l.Outcome));
            var byeLate = await DelayUntil(byeAt, cancellationToken).ConfigureAwait(false);
            record.ByeSentUtc = TimeMap.Iso(DateTimeOffset.UtcNow);
            record.ByeLateMs = Math.Round(byeLate.TotalMilliseconds);
            var byes = new List<Task>();
            for (var i = 0; i < legs.Count; i++)
            {
                var leg = legs[i];
                foreach (var stream in leg.Streams)
                {
                    context.Pump!.Stop(stream);
                }

                if (leg.Dialog is null)
                {
                    continue;
                }

                if (segment.LostBye && i == 0)
                {
                    context.Stats.ByeLost();
                    continue;
                }

                byes.Add(ByeAsync(leg.Dialog));
            }

            await Task.WhenAll(byes).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until <paramref name="when"/>. Returns how late this wait itself woke up: the simulator's own lateness (a
    /// starved process), not time already spent before it waiting for the recorder's answers, which is the product's.
    /// </summary>
    private static async Task<TimeSpan> DelayUntil(DateTimeOffset when, CancellationToken cancellationToken)
    {
        var before = DateTimeOffset.UtcNow;
        var wait = when - before;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }

        var late = DateTimeOffset.UtcNow - (before > when ? before : when);
        return late > TimeSpan.Zero ? late : TimeSpan.Zero;
    }

    private sealed record LegDialog(SipChannel Channel, string RequestUri, string From, string To, string CallId, int CSeq, string UserAgent, string Reason);

    private sealed record LegResult(string Outcome, LegDialog? Dialog, IReadOnlyList<RtpStream> Streams);

    private async Task<List<LegResult>> CucmPairAsync(RecordingPlan recording, SegmentPlan segment, byte[] near, byte[] far)
    {
        var srtp = recording.Style == RecordingStyle.MediaProxySrtp;
        var channel = srtp ? context.ProxyTcp : recording.Udp && context.CucmUdp is not null ? context.CucmUdp : context.CucmTcp;
        var tasks = new List<Task<LegResult>> { CucmLegAsync(recording, channel, nearEnd: true, near, srtp) };
        if (!segment.MissingFarLeg)
        {
            tasks.Add(CucmLegAsync(recording, channel, nearEnd: false, far, srtp));
        }

        return [.. await Task.WhenAll(tasks).ConfigureAwait(false)];
    }

    private async Task<LegResult> CucmLegAsync(RecordingPlan recording, SipChannel channel, bool nearEnd, byte[] audio, bool srtp)
    {
        var server = channel.IsUdp ? context.UdpServer! : context.TcpServer;
        var host = (srtp ? PlayContext.ProxyAddress : PlayContext.CucmAddress).ToString();
        var identity = new LegIdentity(recording.Seat.Extension, recording.Agent.DisplayName, recording.Seat.Device, recording.Refci, recording.FarEndRefci, recording.FarEndDevice, recording.FarEndAddress, nearEnd);
        var from = identity.From(host, LegMessages.Tag());
        var requestUri = LegMessages.RequestUri(channel, server.Address.ToString(), server.Port);
        var to = $"<sip:{LegMessages.RecorderUser}@{server.Address}>";
        var callId = LegMessages.CallId(host);
        var userAgent = srtp ? "Cisco-SIPGateway/IOS-17.12.7b" : "Cisco-CUCM15.0";
        var stream = context.Pump is null ? null : new RtpStream(srtp ? PlayContext.ProxyAddress : PlayContext.PhoneAddress, audio, recording.PayloadType);
        string? key = null;
        var body = string.Empty;
        if (srtp)
        {
            // Story D: early offer RTP/SAVP with the proxy's own SDES key (RFC 4568).
            key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));
            body = LegMessages.Sdp("CiscoSystemsSIP-GW-UserAgent", host, [(stream?.Local.Port ?? 16_000, recording.PayloadType, key, null)], telephoneEvent: false);
        }

        var invite = LegMessages.Request("INVITE", requestUri, channel, from, to, callId, 101, userAgent,
            [.. LegMessages.InviteHeaders(host, recording.Agent.DisplayName, recording.Seat.Extension, channel), .. srtp ? new[] { ("Content-Disposition", "session;handling=required") } : []],
            srtp ? "application/sdp" : null, body);
        var (response, failed) = await OfferAsync(channel, invite, callId, stream).ConfigureAwait(false);
        if (response is null)
        {
            return failed!;
        }

        var toWithTag = response.Get("To") ?? to;
        var target = Contact(response) ?? requestUri;
        var media = SdpInfo.Parse(SdpInfo.Part(response.Body, "application/sdp") ?? string.Empty).FirstOrDefault();
        var payloadType = media is not null && media.Formats.Contains(recording.PayloadType) ? recording.PayloadType : media?.Formats.FirstOrDefault(f => f is 0 or 8) ?? 0;
        var ackBody = srtp || stream is null && media is null ? string.Empty
            : LegMessages.Sdp("CiscoSystemsCCM-SIP", PlayContext.PhoneAddress.ToString(), [(stream?.Local.Port ?? 16_000, payloadType, null, null)], telephoneEvent: true);
        var ack = LegMessages.Request("ACK", target, channel, from, toWithTag, callId, 101, userAgent, [], ackBody.Length > 0 ? "application/sdp" : null, ackBody);
        await channel.SendAsync(ack).ConfigureAwait(false);
        var dialog = new LegDialog(channel, target, from, toWithTag, callId, 102, userAgent, "Q.850;cause=16");
        if (stream is null || media is null || media.Port == 0)
        {
            stream?.Dispose();
            return new LegResult("200", dialog, []);
        }

        if (srtp && key is not null)
        {
            if (media.Protocol.Equals("RTP/SAVP", StringComparison.OrdinalIgnoreCase))
            {
                var keyBytes = Convert.FromBase64String(key);
                stream.Srtp = new SrtpSender(keyBytes.AsSpan(0, 16), keyBytes.AsSpan(16, 14));
            }
            else
            {
                context.Stats.SrtpPlain();
            }
        }

        context.Pump!.Start(stream, new IPEndPoint(media.Address ?? context.TcpServer.Address, media.Port));
        return new LegResult("200", dialog, [stream]);
    }

    private async Task<LegResult> SiprecAsync(RecordingPlan recording, byte[] agentAudio, byte[] customerAudio)
    {
        var channel = context.CubeTcp;
        var server = context.TcpServer;
        var host = PlayContext.CubeAddress.ToString();
        var from = $"<sip:{host}>;tag={LegMessages.Tag()}";
        var to = $"<sip:{LegMessages.RecorderUser}@{server.Address}>";
        var requestUri = LegMessages.RequestUri(channel, server.Address.ToString(), server.Port);
        var callId = LegMessages.CallId(host);
        const string userAgent = "Cisco-SIPGateway/IOS-17.12.7b";
        var customerStream = context.Pump is null ? null : new RtpStream(PlayContext.CubeAddress, customerAudio, recording.PayloadType);
        var agentStream = context.Pump is null ? null : new RtpStream(PlayContext.CubeAddress, agentAudio, recording.PayloadType);
        var sdp = LegMessages.Sdp("CiscoSystemsSIP-GW-UserAgent", host,
            [(customerStream?.Local.Port ?? 17_072, recording.PayloadType, null, "1"), (agentStream?.Local.Port ?? 17_074, recording.PayloadType, null, "2")], telephoneEvent: false);
        var metadata = SiprecMetadata.Build(recording.Refci, recording.FarEndAddress, recording.Seat.Extension, recording.Agent.DisplayName, host, DateTimeOffset.UtcNow);
        const string boundary = "uniqueBoundary";
        var body = $"--{boundary}\r\nContent-Type: application/sdp\r\nContent-Disposition: session;handling=required\r\n\r\n{sdp}--{boundary}\r\n" +
                   $"Content-Type: application/rs-metadata+xml\r\nContent-Disposition: recording-session\r\n\r\n{metadata}\r\n--{boundary}--\r\n";
        var invite = LegMessages.Request("INVITE", requestUri, channel, from, to, callId, 101, userAgent,
        [
            ("Supported", "timer,resource-priority,replaces"),
            ("Require", "siprec"),
            ("Contact", $"<sip:{host}:{channel.Local.Port.ToString(CultureInfo.InvariantCulture)};transport=tcp>;+sip.src"),
            ("Session-ID", Guid.NewGuid().ToString("N") + ";remote=00000000000000000000000000000000"),
            ("Mime-Version", "1.0"),
        ], $"multipart/mixed;boundary={boundary}", body);
        var (response, failed) = await OfferAsync(channel, invite, callId, customerStream, agentStream).ConfigureAwait(false);
        if (response is null)
        {
            return failed!;
        }

        var toWithTag = response.Get("To") ?? to;
        var target = Contact(response) ?? requestUri;
        await channel.SendAsync(LegMessages.Request("ACK", target, channel, from, toWithTag, callId, 101, userAgent, [], null, string.Empty)).ConfigureAwait(false);
        var dialog = new LegDialog(channel, target, from, toWithTag, callId, 102, userAgent, "Q.850;cause=16");
        var answer = SdpInfo.Parse(SdpInfo.Part(response.Body, "application/sdp") ?? string.Empty);
        var streams = new List<RtpStream>();
        foreach (var (stream, index) in new[] { (customerStream, 0), (agentStream, 1) })
        {
            if (stream is null)
            {
                continue;
            }

            if (index < answer.Count && answer[index].Port != 0)
            {
                context.Pump!.Start(stream, new IPEndPoint(answer[index].Address ?? server.Address, answer[index].Port));
                streams.Add(stream);
            }
            else
            {
                stream.Dispose();
            }
        }

        return new LegResult("200", dialog, streams);
    }

    /// <summary>Sends the INVITE and counts what came of it: the 200, or the leg's result when it was refused or unanswered (its streams are then disposed).</summary>
    private async Task<(SipMessage? Accepted, LegResult? Failed)> OfferAsync(SipChannel channel, string invite, string callId, params RtpStream?[] streams)
    {
        context.Stats.Offered();
        var response = await channel.RequestAsync(invite, callId, 101, "INVITE", InviteTimeout).ConfigureAwait(false);
        if (response is { StatusCode: 200 })
        {
            context.Stats.Accepted();
            return (response, null);
        }

        foreach (var stream in streams)
        {
            stream?.Dispose();
        }

        if (response is null)
        {
            context.Stats.Unanswered();
            return (null, new LegResult("timeout", null, []));
        }

        context.Stats.Refused(response.StatusCode);
        return (null, new LegResult(response.StatusCode.ToString(CultureInfo.InvariantCulture), null, []));
    }

    private async Task ByeAsync(LegDialog dialog)
    {
        var bye = LegMessages.Request("BYE", dialog.RequestUri, dialog.Channel, dialog.From, dialog.To, dialog.CallId, dialog.CSeq, dialog.UserAgent, [("Reason", dialog.Reason)], null, string.Empty);
        context.Stats.ByeSent();
        await dialog.Channel.RequestAsync(bye, dialog.CallId, dialog.CSeq, "BYE", TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    private static string? Contact(SipMessage response)
    {
        var contact = response.Get("Contact");
        if (contact is null)
        {
            return null;
        }

        var start = contact.IndexOf('<', StringComparison.Ordinal);
        var end = contact.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? contact[(start + 1)..end] : contact.Split(';')[0].Trim();
    }
}
