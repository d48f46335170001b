using System.Threading.Channels;
using CorrelationHub.Facts;

namespace CorrelationHub.SipIngest.Facts;

/// <summary>An unbounded channel of facts, read by the backend's consumer (in-process deployment).</summary>
public sealed class ChannelRecordingFactSink : IRecordingFactSink
{
    private readonly Channel<RecordingFact> _channel = Channel.CreateUnbounded<RecordingFact>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<RecordingFact> Reader => _channel.Reader;

    public void Publish(RecordingFact fact) => _channel.Writer.TryWrite(fact);

    public void Complete() => _channel.Writer.TryComplete();
}
