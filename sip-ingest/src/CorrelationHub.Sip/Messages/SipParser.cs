using System.Buffers;
using System.Globalization;
using System.Text;

namespace CorrelationHub.Sip.Messages;

/// <summary>
/// Parses one complete SIP message from bytes (RFC 3261 §7). Tolerant where real peers are sloppy: bare LF line
/// ends, folded header lines (§7.3.1), compact names (§7.3.3), padded values, leading CRLFs (§7.5).
/// Never throws on network input.
/// </summary>
public static class SipParser
{
    private static readonly string[] RequiredRequestHeaders = [HeaderNames.Via, HeaderNames.From, HeaderNames.To, HeaderNames.CallId, HeaderNames.CSeq];

    /// <summary>
    /// Parses a message held in a (possibly multi-segment) sequence, as a pipe or a framer hands it over. The result
    /// is the same as for the contiguous bytes.
    /// </summary>
    public static SipParseResult Parse(in ReadOnlySequence<byte> data, bool isDatagram = true, SipParserLimits? limits = null)
    {
        if (data.IsSingleSegment)
        {
            return Parse(data.FirstSpan, isDatagram, limits);
        }

        limits ??= SipParserLimits.Default;
        if (data.Length > limits.MaxHeaderBytes + limits.MaxBodyBytes + 4)
        {
            return SipParseResult.Fail(SipParseError.TooLarge);
        }

        var rented = ArrayPool<byte>.Shared.Rent((int)data.Length);
        try
        {
            data.CopyTo(rented);
            return Parse(rented.AsSpan(0, (int)data.Length), isDatagram, limits);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Parses a message whose bytes are all present. With <paramref name="isDatagram"/> (UDP, RFC 3261 §18.3) a missing
    /// Content-Length means "the rest of the datagram" and bytes beyond it are discarded; on a stream the framer already
    /// cut the message at Content-Length.
    /// </summary>
    public static SipParseResult Parse(ReadOnlySpan<byte> data, bool isDatagram = true, SipParserLimits? limits = null)
    {
        limits ??= SipParserLimits.Default;
        var start = 0;
        while (start < data.Length && (data[start] == (byte)'\r' || data[start] == (byte)'\n'))
        {
            start++;
        }

        data = data[start..];
        if (data.IsEmpty)
        {
            return SipParseResult.Fail(SipParseError.Empty);
        }

        var headerEnd = HeaderBoundary.Find(data, out var separatorLength);
        if (headerEnd < 0)
        {
            return SipParseResult.Fail(data.Length > limits.MaxHeaderBytes ? SipParseError.TooLarge : SipParseError.NoHeaderTerminator);
        }

        if (headerEnd > limits.MaxHeaderBytes)
        {
            return SipParseResult.Fail(SipParseError.TooLarge, "headers");
        }

        var headerText = Encoding.UTF8.GetString(data[..headerEnd]);
        var lines = headerText.Split('\n');
        var startLine = lines[0].TrimEnd('\r');
        var message = ParseStartLine(startLine);
        if (message is null)
        {
            return SipParseResult.Fail(SipParseError.BadStartLine, startLine.Length > 80 ? startLine[..80] : startLine);
        }

        var headerError = ParseHeaders(lines, message, limits);
        if (headerError is not null)
        {
            return headerError with { Message = message };
        }

        var bodyStart = headerEnd + separatorLength;
        var available = data.Length - bodyStart;
        var contentLengthText = message.Headers.Get(HeaderNames.ContentLength);
        int bodyLength;
        if (contentLengthText is null)
        {
            if (!isDatagram)
            {
                // The framer cut the message at its header section; without a length its body cannot be found.
                return SipParseResult.Fail(SipParseError.MissingContentLength, null, message);
            }

            bodyLength = available;
        }
        else if (!int.TryParse(contentLengthText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out bodyLength) || bodyLength < 0)
        {
            return SipParseResult.Fail(SipParseError.BadContentLength, contentLengthText, message);
        }

        if (bodyLength > limits.MaxBodyBytes)
        {
            return SipParseResult.Fail(SipParseError.TooLarge, "body", message);
        }

        if (bodyLength > available)
        {
            // RFC 3261 §18.3: a datagram shorter than its Content-Length is answered 400 (requests) or dropped.
            return SipParseResult.Fail(SipParseError.BodyTruncated, null, message);
        }

        message.Body = data.Slice(bodyStart, bodyLength).ToArray();
        return Validate(message);
    }

    private static SipMessage? ParseStartLine(string line)
    {
        if (line.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase))
        {
            var firstSpace = line.IndexOf(' ', StringComparison.Ordinal);
            if (firstSpace < 0)
            {
                return null;
            }

            var rest = line[(firstSpace + 1)..].TrimStart();
            var secondSpace = rest.IndexOf(' ', StringComparison.Ordinal);
            var codeText = secondSpace < 0 ? rest : rest[..secondSpace];
            if (codeText.Length != 3 || !int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code < 100)
            {
                return null;
            }

            return new SipResponse(code, secondSpace < 0 ? string.Empty : rest[(secondSpace + 1)..].Trim(), line[..firstSpace]);
        }

        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || !parts[2].StartsWith("SIP/", StringComparison.OrdinalIgnoreCase) || !IsToken(parts[0]))
        {
            return null;
        }

        return new SipRequest(parts[0], parts[1], parts[2]);
    }

    private static SipParseResult? ParseHeaders(string[] lines, SipMessage message, SipParserLimits limits)
    {
        string? name = null;
        StringBuilder? value = null;
        var count = 0;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                // Continuation of the previous header (RFC 3261 §7.3.1): replace the line break with one space.
                if (value is null)
                {
                    return SipParseResult.Fail(SipParseError.BadHeaderLine, "continuation without header");
                }

                value.Append(' ').Append(line.Trim());
                continue;
            }

            if (name is not null)
            {
                message.Headers.Add(name, value!.ToString().Trim());
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return SipParseResult.Fail(SipParseError.BadHeaderLine, line.Length > 40 ? line[..40] : line);
            }

            name = line[..colon].Trim();
            if (!IsToken(name))
            {
                return SipParseResult.Fail(SipParseError.BadHeaderLine, name);
            }

            value = new StringBuilder(line[(colon + 1)..].Trim());
            if (++count > limits.MaxHeaderCount)
            {
                return SipParseResult.Fail(SipParseError.TooManyHeaders);
            }
        }

        if (name is not null)
        {
            message.Headers.Add(name, value!.ToString().Trim());
        }

        return null;
    }

    private static SipParseResult Validate(SipMessage message)
    {
        if (message is SipRequest request)
        {
            foreach (var required in RequiredRequestHeaders)
            {
                if (!request.Headers.Contains(required))
                {
                    return SipParseResult.Fail(SipParseError.MissingRequiredHeader, required, message);
                }
            }

            if (request.TopVia is null)
            {
                return SipParseResult.Fail(SipParseError.BadRequiredHeader, HeaderNames.Via, message);
            }

            if (request.CSeq is not { } cseq)
            {
                return SipParseResult.Fail(SipParseError.BadRequiredHeader, HeaderNames.CSeq, message);
            }

            // RFC 3261 §8.2.2.3 / §20.16: the CSeq method must match the request method (ACK/CANCEL included).
            if (!string.Equals(cseq.Method, request.Method, StringComparison.Ordinal))
            {
                return SipParseResult.Fail(SipParseError.BadRequiredHeader, HeaderNames.CSeq, message);
            }

            if (request.From is null)
            {
                return SipParseResult.Fail(SipParseError.BadRequiredHeader, HeaderNames.From, message);
            }

            if (request.To is null)
            {
                return SipParseResult.Fail(SipParseError.BadRequiredHeader, HeaderNames.To, message);
            }
        }

        return new SipParseResult(message, SipParseError.None);
    }

    private static bool IsToken(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            // RFC 3261 §25.1 token characters.
            if (!(char.IsAsciiLetterOrDigit(c) || "-.!%*_+`'~".Contains(c)))
            {
                return false;
            }
        }

        return true;
    }
}
