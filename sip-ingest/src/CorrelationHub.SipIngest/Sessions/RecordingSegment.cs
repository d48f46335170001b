using CorrelationHub.SipIngest.MediaHost;
using CorrelationHub.SipIngest.Uas;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>
/// One stereo file: the legs recorded between two holds. Its recorder (the file) is created off the SIP path and is
/// ready when <see cref="RecorderReady"/> completes. Leg membership changes under the manager's gate.
/// </summary>
internal sealed class RecordingSegment
{
    public RecordingSegment(CallRecording recording, int index, string relativePath, DateTimeOffset startedAt, Task<SegmentRecorder> recorderReady)
    {
        Recording = recording;
        Index = index;
        RelativePath = relativePath;
        StartedAt = startedAt;
        RecorderReady = recorderReady;
    }

    public CallRecording Recording { get; }

    public int Index { get; }

    public string RelativePath { get; }

    public DateTimeOffset StartedAt { get; }

    public Task<SegmentRecorder> RecorderReady { get; }

    /// <summary>The recorder once created; null while it is being created or when creating it failed.</summary>
    public SegmentRecorder? Recorder => RecorderReady.IsCompletedSuccessfully ? RecorderReady.Result : null;

    public List<RecordingLeg> Legs { get; } = [];

    public bool[] ChannelTaken { get; } = new bool[2];

    public bool StartPublished { get; set; }

    /// <summary>Set when every leg ended; no leg joins afterwards.</summary>
    public bool Closed { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>True while a live <c>media-stopped</c> alarm stands for the segment (every stream went silent).</summary>
    public bool MediaStoppedRaised { get; set; }

    /// <summary>The leg whose end closed the segment (the last to end): its end reason explains <see cref="EndedAt"/>.</summary>
    public RecordingLeg? ClosingLeg { get; set; }
}
