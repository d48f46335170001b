using System.Globalization;

namespace CorrelationHub.Web.Live;

/// <summary>ISO-8601 UTC with milliseconds, as every time in the API and export (docs/contracts.md §5).</summary>
public static class IsoTime
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string? FromMs(long? ms) => ms is { } value ? Format(DateTimeOffset.FromUnixTimeMilliseconds(value)) : null;

    public static string Format(DateTimeOffset time)
    {
        // The round-trip format ("O": yyyy-MM-ddTHH:mm:ss.fffffffZ for UTC) has a fast path that custom patterns
        // lack; its first 23 characters and a Z are this pattern.
        var utc = time.UtcDateTime;
        Span<char> buffer = stackalloc char[28];
        return utc.TryFormat(buffer, out var written, "O", CultureInfo.InvariantCulture) && written == 28
            ? string.Concat(buffer[..23], "Z")
            : utc.ToString(Pattern, CultureInfo.InvariantCulture);
    }
}
