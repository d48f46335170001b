using System.Buffers;
using CorrelationHub.TestSupport;

namespace CorrelationHub.Sip.Tests;

/// <summary>
/// The three ways bytes reach a parser: one contiguous array, a pipe's multi-segment sequence (one byte per segment,
/// empty segments between), and a slice in the middle of a larger buffer with unrelated bytes around it.
/// </summary>
internal static class BufferShapes
{
    public static IEnumerable<(string Shape, ReadOnlySequence<byte> Data)> All(byte[] bytes)
    {
        yield return ("contiguous", new ReadOnlySequence<byte>(bytes));
        yield return ("byte-per-segment", BytePerSegment.Create(bytes));
        var padded = new byte[bytes.Length + 64];
        Array.Fill(padded, (byte)'#');
        bytes.CopyTo(padded, 37);
        yield return ("offset", new ReadOnlySequence<byte>(padded, 37, bytes.Length));
    }
}
