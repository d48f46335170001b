using System.Buffers;
using System.Text;
using CorrelationHub.Sip.Messages;

namespace CorrelationHub.Sip.Framing;

/// <summary>
/// Frames SIP messages on TCP/TLS by Content-Length (RFC 3261 §18.3). Leading CRLFs are keep-alives
/// (RFC 5626 §3.5.1, RFC 3261 §7.5) and are skipped. Works on multi-segment sequences.
/// </summary>
public static class StreamFramer
{
    public static StreamFrame TryFrame(in ReadOnlySequence<byte> buffer, SipParserLimits? limits = null)
    {
        limits ??= SipParserLimits.Default;
        var reader = new SequenceReader<byte>(buffer);
        long skipped = 0;
        while (reader.TryPeek(out var b) && (b == (byte)'\r' || b == (byte)'\n'))
        {
            reader.Advance(1);
            skipped++;
        }

        var remaining = buffer.Slice(reader.Position);
        if (remaining.IsEmpty)
        {
            return new StreamFrame(StreamFrameStatus.NeedMoreData, skipped, 0);
        }

        // Usually the whole header section is in the first segment: look there without copying anything.
        var first = remaining.FirstSpan;
        var firstEnd = HeaderBoundary.Find(first.Length > limits.MaxHeaderBytes + 4 ? first[..(limits.MaxHeaderBytes + 4)] : first, out var firstSeparator);
        if (firstEnd >= 0)
        {
            return Frame(first[..firstEnd], firstEnd, firstSeparator, remaining.Length, skipped, limits);
        }

        if (remaining.IsSingleSegment)
        {
            return remaining.Length > limits.MaxHeaderBytes
                ? new StreamFrame(StreamFrameStatus.Invalid, skipped, 0, Error: "header section too large")
                : new StreamFrame(StreamFrameStatus.NeedMoreData, skipped, 0);
        }

        // The header section spans segments: copy at most the header limit into one span.
        var window = remaining.Length > limits.MaxHeaderBytes + 4 ? remaining.Slice(0, limits.MaxHeaderBytes + 4) : remaining;
        var rented = ArrayPool<byte>.Shared.Rent((int)window.Length);
        try
        {
            window.CopyTo(rented);
            var span = rented.AsSpan(0, (int)window.Length);
            var headerEnd = HeaderBoundary.Find(span, out var separatorLength);
            if (headerEnd < 0)
            {
                return remaining.Length > limits.MaxHeaderBytes
                    ? new StreamFrame(StreamFrameStatus.Invalid, skipped, 0, Error: "header section too large")
                    : new StreamFrame(StreamFrameStatus.NeedMoreData, skipped, 0);
            }

            return Frame(span[..headerEnd], headerEnd, separatorLength, remaining.Length, skipped, limits);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static StreamFrame Frame(ReadOnlySpan<byte> headers, int headerEnd, int separatorLength, long available, long skipped, SipParserLimits limits)
    {
        var contentLength = FindContentLength(headers, out var missing, out var error);
        if (error is not null)
        {
            return new StreamFrame(StreamFrameStatus.Invalid, skipped, 0, Error: error);
        }

        if (contentLength > limits.MaxBodyBytes)
        {
            return new StreamFrame(StreamFrameStatus.Invalid, skipped, 0, Error: "body too large");
        }

        var total = headerEnd + separatorLength + contentLength;
        return available < total
            ? new StreamFrame(StreamFrameStatus.NeedMoreData, skipped, 0)
            : new StreamFrame(StreamFrameStatus.Message, skipped, total, missing);
    }

    /// <summary>
    /// Finds Content-Length (or its compact form <c>l</c>) in the header bytes without decoding them: this runs for
    /// every message on every TCP and TLS connection.
    /// </summary>
    private static int FindContentLength(ReadOnlySpan<byte> headers, out bool missing, out string? error)
    {
        missing = true;
        error = null;
        while (!headers.IsEmpty)
        {
            var lineEnd = headers.IndexOf((byte)'\n');
            var line = lineEnd < 0 ? headers : headers[..lineEnd];
            headers = lineEnd < 0 ? default : headers[(lineEnd + 1)..];
            if (line.IsEmpty || line[0] is (byte)' ' or (byte)'\t')
            {
                continue;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].TrimEnd((byte)' ').TrimEnd((byte)'\t');
            if (!IsContentLength(name))
            {
                continue;
            }

            missing = false;
            var value = line[(colon + 1)..].Trim((byte)' ').Trim((byte)'\t').TrimEnd((byte)'\r').Trim((byte)' ');
            if (!System.Buffers.Text.Utf8Parser.TryParse(value, out int length, out var consumed) || consumed != value.Length || length < 0 || value.IsEmpty || value[0] is (byte)'+' or (byte)'-')
            {
                error = "bad Content-Length";
                return 0;
            }

            return length;
        }

        // RFC 3261 §18.3 requires Content-Length on streams; the parser answers its absence with 400.
        return 0;
    }

    private static bool IsContentLength(ReadOnlySpan<byte> name) =>
        (name.Length == 1 && (name[0] | 0x20) == 'l') || Ascii.EqualsIgnoreCase(name, "Content-Length"u8);
}
