using CorrelationHub.Media.Recording;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>
/// One stereo file: the legs recorded between two holds. Position 0 of the file is <see cref="StartedAt"/>;
/// everything that touches the timeline or the file holds <see cref="Gate"/>.
/// </summary>
internal sealed class RecordingSegment
{
    public RecordingSegment(CallRecording recording, int index, DateTimeOffset startedAt, long startTimestamp, WavFileWriter writer, int sampleRate, int bufferSamples)
    {
        Recording = recording;
        Index = index;
        StartedAt = startedAt;
        StartTimestamp = startTimestamp;
        Writer = writer;
        SampleRate = sampleRate;
        Timeline = new StereoTimeline(writer, bufferSamples);
    }

    public Lock Gate { get; } = new();

    public CallRecording Recording { get; }

    public int Index { get; }

    public DateTimeOffset StartedAt { get; }

    public long StartTimestamp { get; }

    public int SampleRate { get; }

    public WavFileWriter Writer { get; }

    public StereoTimeline Timeline { get; }

    public List<RecordingLeg> Legs { get; } = [];

    public bool[] ChannelTaken { get; } = new bool[2];

    public bool StartPublished { get; set; }

    public bool Finished { get; set; }
}
