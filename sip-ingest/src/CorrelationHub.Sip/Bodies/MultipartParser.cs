using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using CorrelationHub.Sip.Messages;

namespace CorrelationHub.Sip.Bodies;

/// <summary>
/// Reads <c>multipart/*</c> bodies the way SIPREC clients really send them (docs/interop.md PA-5): quoted or bare
/// boundary, a preamble, parts in any order, an optional per-part Content-Length, CRLF or bare LF, a missing close
/// delimiter, a missing or wrong boundary parameter (recovered from the first delimiter line). Never throws.
/// </summary>
public static class MultipartParser
{
    private const int MaxParts = 16;

    public static bool TryParse(ReadOnlyMemory<byte> body, string? boundary, [NotNullWhen(true)] out MultipartBody? result, out string? error)
    {
        result = null;
        error = null;
        var data = body.Span;
        var recovered = false;
        var delimiter = string.IsNullOrEmpty(boundary) ? null : Encoding.ASCII.GetBytes("--" + boundary);
        var first = delimiter is null ? -1 : FindDelimiter(data, delimiter, 0);
        if (first < 0)
        {
            // RFC 2046 requires the boundary parameter; tolerate its absence (or a mismatch) when the body
            // plainly starts with a delimiter line.
            if (!TryRecoverBoundary(data, out var found))
            {
                error = boundary is null ? "multipart body without boundary" : "boundary not found in body";
                return false;
            }

            boundary = found;
            delimiter = Encoding.ASCII.GetBytes("--" + found);
            first = FindDelimiter(data, delimiter, 0);
            recovered = true;
        }

        var parts = new List<MimePart>();
        var position = first;
        var closed = false;
        while (position >= 0 && parts.Count < MaxParts)
        {
            var afterDelimiter = position + delimiter!.Length;
            if (afterDelimiter + 1 < data.Length && data[afterDelimiter] == (byte)'-' && data[afterDelimiter + 1] == (byte)'-')
            {
                closed = true;
                break;
            }

            var contentStart = SkipToNextLine(data, afterDelimiter);
            if (contentStart < 0)
            {
                break;
            }

            var next = FindDelimiter(data, delimiter, contentStart);
            var contentEnd = next < 0 ? data.Length : LineBreakStart(data, next);
            if (contentEnd < contentStart)
            {
                contentEnd = contentStart;
            }

            parts.Add(ReadPart(body.Slice(contentStart, contentEnd - contentStart)));
            position = next;
        }

        if (parts.Count == 0)
        {
            error = "multipart body without parts";
            return false;
        }

        result = new MultipartBody(parts, boundary!) { MissingCloseDelimiter = !closed, BoundaryRecovered = recovered };
        return true;
    }

    /// <summary>Finds <c>--boundary</c> at the start of a line at or after <paramref name="from"/>.</summary>
    private static int FindDelimiter(ReadOnlySpan<byte> data, ReadOnlySpan<byte> delimiter, int from)
    {
        var index = from;
        while (index <= data.Length - delimiter.Length)
        {
            var found = data[index..].IndexOf(delimiter);
            if (found < 0)
            {
                return -1;
            }

            var at = index + found;
            if (at == 0 || data[at - 1] == (byte)'\n')
            {
                return at;
            }

            index = at + 1;
        }

        return -1;
    }

    /// <summary>The index of the line break (CRLF or LF) that precedes a delimiter; it belongs to the delimiter.</summary>
    private static int LineBreakStart(ReadOnlySpan<byte> data, int delimiterStart)
    {
        if (delimiterStart == 0)
        {
            return 0;
        }

        var end = delimiterStart - 1;
        if (end > 0 && data[end - 1] == (byte)'\r')
        {
            end--;
        }

        return end;
    }

    private static int SkipToNextLine(ReadOnlySpan<byte> data, int from)
    {
        var lf = data[from..].IndexOf((byte)'\n');
        return lf < 0 ? -1 : from + lf + 1;
    }

    private static bool TryRecoverBoundary(ReadOnlySpan<byte> data, out string boundary)
    {
        boundary = string.Empty;
        var start = 0;
        while (start < data.Length && data[start] is (byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t')
        {
            start++;
        }

        if (start + 2 >= data.Length || data[start] != (byte)'-' || data[start + 1] != (byte)'-')
        {
            return false;
        }

        var lineEnd = data[start..].IndexOf((byte)'\n');
        var line = Encoding.ASCII.GetString(lineEnd < 0 ? data[(start + 2)..] : data[(start + 2)..(start + lineEnd)]).Trim();
        if (line.EndsWith("--", StringComparison.Ordinal))
        {
            line = line[..^2];
        }

        if (line.Length is 0 or > 70)
        {
            return false;
        }

        boundary = line;
        return true;
    }

    private static MimePart ReadPart(ReadOnlyMemory<byte> part)
    {
        var span = part.Span;
        var headers = new SipHeaders();
        int headerEnd;
        int separator;
        if (span.Length > 0 && span[0] == (byte)'\n')
        {
            (headerEnd, separator) = (0, 1);
        }
        else if (span.Length > 1 && span[0] == (byte)'\r' && span[1] == (byte)'\n')
        {
            (headerEnd, separator) = (0, 2);
        }
        else
        {
            headerEnd = HeaderBoundary.Find(span, out separator);
        }

        if (headerEnd < 0)
        {
            // Headers only, no blank line: a part without content.
            headerEnd = span.Length;
            separator = 0;
        }

        ReadHeaders(Encoding.UTF8.GetString(span[..headerEnd]), headers);
        var contentStart = Math.Min(span.Length, headerEnd + separator);
        var content = part[contentStart..];
        if (int.TryParse(headers.Get(HeaderNames.ContentLength)?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length <= content.Length)
        {
            content = content[..length];
        }

        return new MimePart(headers, content);
    }

    private static void ReadHeaders(string text, SipHeaders headers)
    {
        string? name = null;
        var value = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] is ' ' or '\t' && name is not null)
            {
                value.Append(' ').Append(line.Trim());
                continue;
            }

            if (name is not null)
            {
                headers.Add(name, value.ToString().Trim());
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                name = null;
                continue;
            }

            name = line[..colon].Trim();
            value.Clear().Append(line[(colon + 1)..]);
        }

        if (name is not null)
        {
            headers.Add(name, value.ToString().Trim());
        }
    }
}
