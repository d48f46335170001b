using System.Buffers;

namespace CorrelationHub.TestSupport;

/// <summary>
/// Builds a <see cref="ReadOnlySequence{T}"/> with one byte per segment and empty segments between them (after
/// Kestrel's BytePerSegmentTestSequenceFactory), to catch code that assumes one contiguous span.
/// </summary>
public static class BytePerSegment
{
    public static ReadOnlySequence<byte> Create(byte[] data)
    {
        if (data.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(new byte[] { data[0] }, 0);
        var last = first;
        for (var i = 1; i < data.Length; i++)
        {
            last = last.Append(Array.Empty<byte>()).Append(new byte[] { data[i] });
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
