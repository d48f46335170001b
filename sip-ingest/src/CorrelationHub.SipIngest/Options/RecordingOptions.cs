namespace CorrelationHub.SipIngest.Options;

/// <summary>The <c>Recording:*</c> configuration keys (docs/contracts.md §2).</summary>
public sealed class RecordingOptions
{
    public const string Section = "Recording";

    public string Directory { get; set; } = "data/recordings";

    /// <summary>How long after its last segment ended a CUCM call (same x-refci and agent) still takes new segments (hold/resume).</summary>
    public int ResumeWindowMinutes { get; set; } = 240;

    /// <summary>
    /// The sample rate of segment files: 0 (default) lets the first decoded audio choose — 16000 for G.722, 8000 for
    /// G.711 and G.729, <see cref="OpusSampleRate"/> for Opus — and the other leg is converted to it; 8000, 16000 or
    /// 48000 forces one rate for every file.
    /// </summary>
    public int SampleRate { get; set; }

    /// <summary>The rate of a segment whose first audio is Opus: 16000 (default, wideband) or 48000 (Opus's full band).</summary>
    public int OpusSampleRate { get; set; } = 16000;

    /// <summary>
    /// Write silence where a telephone-event (RFC 4733) says a key was pressed, so card numbers typed on the keypad
    /// are not in the file (the keys are still reported as DTMF facts on the segment).
    /// </summary>
    public bool MaskDtmf { get; set; }

    /// <summary>Repair <c>.part</c> files left by an unexpected exit when the ingest starts.</summary>
    public bool RepairOnStart { get; set; } = true;
}
