using System.Globalization;
using CorrelationHub.SipIngest.Uas;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>Where a segment's audio goes: <c>yyyy/MM/dd/&lt;recording&gt;-&lt;segment&gt;.wav</c> under <c>Recording:Directory</c>.</summary>
public static class RecordingPaths
{
    public static string RelativePath(string recordingId, int segmentIndex, DateTimeOffset start)
    {
        var utc = start.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{utc:yyyy}/{utc:MM}/{utc:dd}/{recordingId}-{segmentIndex:D2}.wav");
    }
}
