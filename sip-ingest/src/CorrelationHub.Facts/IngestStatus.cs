namespace CorrelationHub.Facts;

/// <summary>The ingest's admission state as <c>GET /api/sip/status</c> answers it (docs/contracts.md §4).</summary>
public sealed record IngestStatus
{
    /// <summary>New INVITEs and OPTIONS are answered 503 with Retry-After.</summary>
    public required bool Draining { get; init; }

    /// <summary>Drain was set through the API and overrides <c>Sip:Drain</c>.</summary>
    public required bool DrainSetAtRunTime { get; init; }

    public required int Dialogs { get; init; }

    /// <summary>INVITEs whose ports and file are being prepared.</summary>
    public required int PendingSetups { get; init; }

    public required int RecordingLegs { get; init; }

    /// <summary><c>Sip:MaxRecordingDialogs</c>; 0 when the RTP port range is the only limit.</summary>
    public required int MaxRecordingDialogs { get; init; }

    public required int RetryAfterSeconds { get; init; }
}
