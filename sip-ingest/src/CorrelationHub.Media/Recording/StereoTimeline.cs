using System.Numerics;

namespace CorrelationHub.Media.Recording;

/// <summary>
/// Places decoded samples of two tracks (0 = left, 1 = right) at absolute sample positions and emits interleaved
/// frames in order. Positions never written are silence, so gaps and a late-starting track stay aligned with
/// wall-clock time. Samples that arrive for positions already emitted are dropped and counted. The pending audio
/// lives in two ring buffers whose size is a power of two, so placing and emitting are block copies. The rings start
/// small (what the jitter allowance needs) and double only when one track runs that far ahead of the other, up to
/// the bound given; past it the slower track gets silence.
/// </summary>
public sealed class StereoTimeline
{
    private const int FrameChunk = 1024;
    private const int InitialSamples = 4096;

    private readonly IFrameSink _sink;
    private readonly short[][] _pending;
    private readonly int _maxCapacity;
    private int _mask;
    private readonly long[] _ends = new long[2];
    private readonly long[] _lateSamples = new long[2];
    private readonly short[] _frames = new short[FrameChunk * 2];
    private long _flushed;

    /// <param name="sink">Where interleaved frames go.</param>
    /// <param name="bufferSamples">The most one track may run ahead of the other before the other gets silence.</param>
    /// <param name="initialSamples">The rings' first size (grown on demand up to <paramref name="bufferSamples"/>).</param>
    public StereoTimeline(IFrameSink sink, int bufferSamples, int initialSamples = InitialSamples)
    {
        _sink = sink;
        _maxCapacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1024, bufferSamples));
        var capacity = Math.Min(_maxCapacity, (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1024, initialSamples)));
        _mask = capacity - 1;
        _pending = [new short[capacity], new short[capacity]];
    }

    /// <summary>Samples each ring holds now.</summary>
    public int Capacity => _mask + 1;

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

        var needed = position + samples.Length - _flushed;
        if (needed > Capacity && Capacity < _maxCapacity)
        {
            Grow((int)Math.Min((ulong)_maxCapacity, BitOperations.RoundUpToPowerOf2((ulong)needed)));
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

    /// <summary>Moves both rings into larger ones, each pending sample at the same position.</summary>
    private void Grow(int capacity)
    {
        var start = (int)(_flushed & _mask);
        var tail = Capacity - start;
        for (var c = 0; c < 2; c++)
        {
            // The old ring from the flushed position on is [start, end) then [0, start).
            var old = _pending[c];
            var grown = new short[capacity];
            Place(grown, _flushed, old.AsSpan(start));
            Place(grown, _flushed + tail, old.AsSpan(0, start));
            _pending[c] = grown;
        }

        _mask = capacity - 1;
    }

    /// <summary>Copies samples into a ring at an absolute position, wrapping at its end.</summary>
    private static void Place(short[] ring, long position, ReadOnlySpan<short> samples)
    {
        var at = (int)(position & (ring.Length - 1));
        var first = Math.Min(samples.Length, ring.Length - at);
        samples[..first].CopyTo(ring.AsSpan(at));
        samples[first..].CopyTo(ring);
    }

    /// <summary>Emits everything written so far.</summary>
    public void FlushAll() => FlushTo(End);
}
