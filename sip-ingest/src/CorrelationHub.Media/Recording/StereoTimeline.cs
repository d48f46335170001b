using System.Numerics;

namespace CorrelationHub.Media.Recording;

/// <summary>
/// Places decoded samples of two tracks (0 = left, 1 = right) at absolute sample positions and emits interleaved
/// frames in order. Positions never written are silence, so gaps and a late-starting track stay aligned with
/// wall-clock time. Samples that arrive for positions already emitted are dropped and counted. The pending audio
/// lives in two ring buffers whose size is a power of two, so placing and emitting are block copies.
/// </summary>
public sealed class StereoTimeline
{
    private const int FrameChunk = 1024;

    private readonly IFrameSink _sink;
    private readonly short[][] _pending;
    private readonly int _mask;
    private readonly long[] _ends = new long[2];
    private readonly long[] _lateSamples = new long[2];
    private readonly short[] _frames = new short[FrameChunk * 2];
    private long _flushed;

    public StereoTimeline(IFrameSink sink, int bufferSamples)
    {
        _sink = sink;
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1024, bufferSamples));
        _mask = capacity - 1;
        _pending = [new short[capacity], new short[capacity]];
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

        var buffer = _pending[channel];
        var overflow = position + samples.Length - (_flushed + buffer.Length);
        if (overflow > 0)
        {
            // The buffer is full: the other track is too far behind, emit silence for it.
            FlushTo(_flushed + overflow);
        }

        var start = (int)(position & _mask);
        var first = Math.Min(samples.Length, buffer.Length - start);
        samples[..first].CopyTo(buffer.AsSpan(start));
        samples[first..].CopyTo(buffer);
        _ends[channel] = Math.Max(_ends[channel], position + samples.Length);
    }

    /// <summary>Emits every frame below <paramref name="position"/>; unwritten samples are zero.</summary>
    public void FlushTo(long position)
    {
        var left = _pending[0];
        var right = _pending[1];
        while (_flushed < position)
        {
            var start = (int)(_flushed & _mask);
            var count = (int)Math.Min(Math.Min(FrameChunk, position - _flushed), left.Length - start);
            var l = left.AsSpan(start, count);
            var r = right.AsSpan(start, count);
            var frames = _frames.AsSpan(0, count * 2);
            for (var i = 0; i < count; i++)
            {
                frames[2 * i] = l[i];
                frames[(2 * i) + 1] = r[i];
            }

            l.Clear();
            r.Clear();
            _sink.WriteFrames(frames);
            _flushed += count;
        }
    }

    /// <summary>Emits everything written so far.</summary>
    public void FlushAll() => FlushTo(End);
}
