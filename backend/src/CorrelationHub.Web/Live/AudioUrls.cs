using System.Globalization;

namespace CorrelationHub.Web.Live;

public static class AudioUrls
{
    public static string For(string baseUrl, string recordingId, int segmentIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"{baseUrl}/api/recordings/{Uri.EscapeDataString(recordingId)}/audio?segment={segmentIndex}");
}
