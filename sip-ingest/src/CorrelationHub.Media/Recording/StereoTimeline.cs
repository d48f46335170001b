namespace CorrelationHub.Media.Recording;

/// <summary>
/// Places decoded samples of two tracks (0 = left, 1 = right) at absolute sample positions and emits interleaved
/// frames in order. Positions never written are silence, so gaps and a late-starting track stay aligned with
/// wall-clock time. Samples that arrive for positions already emitted are dropped and counted.
/// </summary>
public sealed class StereoTimeline
{
    private readonly IFrameSink _sink;
    private readonly short[][] _pending;
    private readonly long[] _ends = new long[2];
    private readonly long[] _lateSamples = new long[2];
    private long _flushed;

    public StereoTimeline(IFrameSink sink, int bufferSamples)
    {
        _sink = sink;
        _pending = [new short[bufferSamples], new short[bufferSamples]];
    }

    /// <summary>Every position below this has been written to the sink.</summary>
    public long FlushedPosition => _flushed;

    /// <summary>One past the highest position written by either track.</summary>
    public long End => Math.Max(_ends[0], _ends[1]);

    /// <summary>One past the highest position written by one track.</summary>
    public long EndOf(int channel) => _ends[channel];

    public long LateSamples(int channel) => _lateSamples[channel];

    public void Write(int channel, long position, ReadOnlySpan<short> samples)
    {
        if (position < _flushed)
        {
            var late = (int)Math.Min(samples.Length, _flushed - position);
            _lateSamples[channel] += late;
            samples = samples[late..];
            position = _flushed;
        }

        if (samples.IsEmpty)
        {
            return;
        }

        var capacity = _pending[channel].Length;
        var overflow = position + samples.Length - (_flushed + capacity);
        if (overflow > 0)
        {
            // The buffer is full: the other track is too far behind, emit silence for it.
            FlushTo(_flushed + overflow);
        }

        var buffer = _pending[channel];
        for (var i = 0; i < samples.Length; i++)
        {
            buffer[(int)((position + i) % capacity)] = samples[i];
        }

        _ends[channel] = Math.Max(_ends[channel], position + samples.Length);
    }

    /// <summary>Emits every frame below <paramref name="position"/>; unwritten samples are zero.</summary>
    public void FlushTo(long position)
    {
        if (position <= _flushed)
        {
            return;
        }

        var capacity = _pending[0].Length;
        Span<short> frames = stackalloc short[512];
        while (_flushed < position)
        {
            var count = (int)Math.Min(frames.Length / 2, position - _flushed);
            for (var i = 0; i < count; i++)
            {
                var index = (int)((_flushed + i) % capacity);
                frames[2 * i] = _pending[0][index];
                frames[(2 * i) + 1] = _pending[1][index];
                _pending[0][index] = 0;
                _pending[1][index] = 0;
            }

            _sink.WriteFrames(frames[..(count * 2)]);
            _flushed += count;
        }
    }

    /// <summary>Emits everything written so far.</summary>
    public void FlushAll() => FlushTo(End);
}
