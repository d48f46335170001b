using CorrelationHub.SipIngest.MediaHost;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>One stereo file: the legs recorded between two holds. Leg membership changes under the manager's lock.</summary>
internal sealed class RecordingSegment
{
    public RecordingSegment(CallRecording recording, int index, string relativePath, SegmentRecorder recorder)
    {
        Recording = recording;
        Index = index;
        RelativePath = relativePath;
        Recorder = recorder;
    }

    public CallRecording Recording { get; }

    public int Index { get; }

    public string RelativePath { get; }

    public SegmentRecorder Recorder { get; }

    public DateTimeOffset StartedAt => Recorder.StartedAt;

    public List<RecordingLeg> Legs { get; } = [];

    public bool[] ChannelTaken { get; } = new bool[2];

    public bool StartPublished { get; set; }

    /// <summary>Set when every leg ended; no leg joins afterwards.</summary>
    public bool Closed { get; set; }
}
