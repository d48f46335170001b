using System.Buffers;
using System.Globalization;
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

        var window = remaining.Length > limits.MaxHeaderBytes + 4 ? remaining.Slice(0, limits.MaxHeaderBytes + 4) : remaining;
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> span;
            if (window.IsSingleSegment)
            {
                span = window.FirstSpan;
            }
            else
            {
                rented = ArrayPool<byte>.Shared.Rent((int)window.Length);
                window.CopyTo(rented);
                span = rented.AsSpan(0, (int)window.Length);
            }

            var headerEnd = HeaderBoundary.Find(span, out var separatorLength);
            if (headerEnd < 0)
            {
                return remaining.Length > limits.MaxHeaderBytes
                    ? new StreamFrame(StreamFrameStatus.Invalid, skipped, 0, Error: "header section too large")
                    : new StreamFrame(StreamFrameStatus.NeedMoreData, skipped, 0);
            }

            var contentLength = FindContentLength(span[..headerEnd], out var missing, out var error);
            if (error is not null)
            {
                return new StreamFrame(StreamFrameStatus.Invalid, skipped, 0, Error: error);
            }

            if (contentLength > limits.MaxBodyBytes)
            {
                return new StreamFrame(StreamFrameStatus.Invalid, skipped, 0, Error: "body too large");
            }

            var total = headerEnd + separatorLength + contentLength;
            return remaining.Length < total
                ? new StreamFrame(StreamFrameStatus.NeedMoreData, skipped, 0)
                : new StreamFrame(StreamFrameStatus.Message, skipped, total, missing);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int FindContentLength(ReadOnlySpan<byte> headers, out bool missing, out string? error)
    {
        missing = true;
        error = null;
        var text = Encoding.UTF8.GetString(headers);
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[0] is ' ' or '\t')
            {
                continue;
            }

            var name = line[..colon].Trim();
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !name.Equals("l", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            missing = false;
            if (!int.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length < 0)
            {
                error = "bad Content-Length";
                return 0;
            }

            return length;
        }

        // RFC 3261 §18.3 requires Content-Length on streams; treat a missing one as an empty body so the
        // message can still be answered, and let the caller count it.
        return 0;
    }
}
