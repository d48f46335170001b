namespace CorrelationHub.SipIngest.Options;

/// <summary>The <c>Recording:*</c> configuration keys (contract §2).</summary>
public sealed class RecordingOptions
{
    public const string Section = "Recording";

    public string Directory { get; set; } = "data/recordings";

    /// <summary>How long after its last segment ended a CUCM call (same x-refci and agent) still takes new segments (hold/resume).</summary>
    public int ResumeWindowMinutes { get; set; } = 240;
}
