namespace CorrelationHub.Facts;

/// <summary>
/// What the web host asks of the SIP ingest: readiness, listeners, counters, status and drain. In one process the
/// ingest itself implements it; a host in front of remote ingest nodes would implement it over the wire.
/// </summary>
public interface IIngestControl
{
    /// <summary>Completes when the SIP listeners are bound.</summary>
    Task Ready { get; }

    /// <summary>The bound listeners (<c>address:port</c>, null for a disabled transport).</summary>
    IngestListeners Listeners { get; }

    /// <summary>Protocol counters by name (requests, malformed messages, 2xx retransmissions, ...).</summary>
    IReadOnlyDictionary<string, long> Counters();

    IngestStatus Status();

    /// <summary>Drain on (<c>true</c>), off (<c>false</c>), or back to configuration (<c>null</c>); answers the new status.</summary>
    IngestStatus SetDrain(bool? drain);
}
