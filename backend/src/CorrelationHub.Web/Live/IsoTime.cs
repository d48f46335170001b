using System.Globalization;

namespace CorrelationHub.Web.Live;

/// <summary>ISO-8601 UTC with milliseconds, as every time in the API and export (contracts §5).</summary>
public static class IsoTime
{
    public static string? FromMs(long? ms) => ms is { } value ? Format(DateTimeOffset.FromUnixTimeMilliseconds(value)) : null;

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
