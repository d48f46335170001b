using CorrelationHub.Facts;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.MediaHost;
using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Transport;
using CorrelationHub.SipIngest.Uas;

namespace CorrelationHub.SipIngest;

/// <summary>The in-process ingest's answer to <see cref="IIngestControl"/>.</summary>
internal sealed class IngestControl(SipListenerEndpoints listeners, SipCounters counters, SipAdmission admission, SipServer server, RecordingSessionManager sessions, RtpPortPool ports) : IIngestControl
{
    public Task Ready => listeners.Ready;

    public IngestListeners Listeners => new(listeners.Udp?.ToString(), listeners.Tcp?.ToString(), listeners.Tls?.ToString());

    public IReadOnlyDictionary<string, long> Counters() => new Dictionary<string, long>(counters.Snapshot())
    {
        // A port pair handed out before its cooldown ended because no cooler pair was free (docs/architecture.md, port pool).
        ["rtpPortsReusedWhileCooling"] = ports.ReusedWhileCooling,
    };

    public IngestStatus Status() => new()
    {
        Draining = admission.Draining,
        DrainSetAtRunTime = admission.DrainOverride is not null,
        Dialogs = server.DialogCount,
        PendingSetups = server.PendingSetups,
        RecordingLegs = sessions.LiveLegs,
        MaxRecordingDialogs = admission.MaxDialogs,
        RetryAfterSeconds = admission.RetryAfterSeconds,
    };

    public IngestStatus SetDrain(bool? drain)
    {
        admission.DrainOverride = drain;
        return Status();
    }
}
