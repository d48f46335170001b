using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CorrelationHub.Facts;
using CorrelationHub.SipIngest.Facts;
using Microsoft.Extensions.DependencyInjection;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>
/// Feeds a real host: gadget events over the HTTP fallback (as a gadget behind the Finesse proxy does) and
/// recording facts through the ingest's fact channel (the in-process seam the SIP ingest publishes on).
/// </summary>
public sealed class CorrelationFeed(TestHost host)
{
    public async Task EventsAsync(params JsonObject[] events)
    {
        using var content = new StringContent(new JsonArray(events.Select(e => (JsonNode)e).ToArray()).ToJsonString(), Encoding.UTF8, "application/json");
        var response = await host.Http.PostAsync("/api/agent-events", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public static JsonObject Login(string username, string extension, string team, DateTimeOffset at, string? teamId = null) => new()
    {
        ["teamId"] = teamId,
        ["action"] = "login",
        ["username"] = username,
        ["extension"] = extension,
        ["firstName"] = "Bob",
        ["lastName"] = "Bobster",
        ["teamName"] = team,
        ["eventId"] = Guid.NewGuid().ToString(),
        ["clientTime"] = Iso(at),
        ["clientDriftMs"] = 0,
    };

    public static JsonObject Dialog(string username, string extension, string id, string change, string agentState, DateTimeOffset changed, DateTimeOffset at, string customer = "+353858712345") => new()
    {
        ["action"] = "dialog",
        ["username"] = username,
        ["extension"] = extension,
        ["change"] = change,
        ["eventId"] = Guid.NewGuid().ToString(),
        ["clientTime"] = Iso(at),
        ["clientDriftMs"] = 0,
        ["dialog"] = new JsonObject
        {
            ["id"] = id,
            ["state"] = agentState == "ACTIVE" ? "ACTIVE" : "DROPPED",
            ["fromAddress"] = customer,
            ["toAddress"] = extension,
            ["mediaProperties"] = new JsonObject { ["callType"] = "ACD_IN", ["callVariable1"] = "ACCT-778812", ["user.CustomerTier"] = "GOLD" },
            ["participants"] = new JsonArray(
                new JsonObject { ["mediaAddress"] = extension, ["mediaAddressType"] = "AGENT_DEVICE", ["state"] = agentState, ["stateChangeTime"] = Iso(changed) },
                new JsonObject { ["mediaAddress"] = customer, ["state"] = agentState == "ACTIVE" ? "ACTIVE" : "DROPPED", ["stateChangeTime"] = Iso(changed) }),
        },
    };

    /// <summary>Publishes a segment's start and end; with <paramref name="wavBytes"/>, writes its audio file first.</summary>
    public async Task RecordingAsync(string recordingId, string extension, string? refci, DateTimeOffset start, DateTimeOffset end, int wavBytes = 0, string farEnd = "+353858712345")
    {
        var sink = host.Services.GetRequiredService<ChannelRecordingFactSink>();
        var audio = $"{start.UtcDateTime:yyyy}/{start.UtcDateTime:MM}/{start.UtcDateTime:dd}/{recordingId}-01.wav";
        if (wavBytes > 0)
        {
            var path = Path.Combine(host.Directory, "recordings", audio);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, Wav(wavBytes));
        }

        RecordingFact Fact(RecordingFactKind kind, DateTimeOffset at) => new()
        {
            Kind = kind,
            RecordingId = recordingId,
            SegmentIndex = 1,
            OccurredAt = at,
            Source = "cucm-bib",
            AgentExtension = extension,
            FarEndAddress = farEnd,
            RefCi = refci,
            SegmentStart = start,
            SegmentEnd = kind == RecordingFactKind.SegmentEnded ? end : null,
            AudioFile = kind == RecordingFactKind.SegmentEnded ? audio : null,
            AudioSeconds = kind == RecordingFactKind.SegmentEnded ? (end - start).TotalSeconds : null,
        };

        var consumer = host.Services.GetRequiredService<CorrelationHub.Web.Ingest.RecordingFactConsumer>();
        var applied = consumer.Applied;
        sink.Publish(Fact(RecordingFactKind.SegmentStarted, start));
        sink.Publish(Fact(RecordingFactKind.SegmentEnded, end));
        await CorrelationHub.TestSupport.Eventually.Until(() => Task.FromResult(consumer.Applied), n => n >= applied + 2, TimeSpan.FromSeconds(10), "the recording facts to be applied");
    }

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A mono 8 kHz 16-bit WAV of <paramref name="dataBytes"/> bytes of silence.</summary>
    private static byte[] Wav(int dataBytes)
    {
        var bytes = new byte[44 + dataBytes];
        void Ascii(int at, string text) => Encoding.ASCII.GetBytes(text).CopyTo(bytes, at);
        void U32(int at, int value) => BitConverter.GetBytes(value).CopyTo(bytes, at);
        void U16(int at, short value) => BitConverter.GetBytes(value).CopyTo(bytes, at);
        Ascii(0, "RIFF");
        U32(4, 36 + dataBytes);
        Ascii(8, "WAVEfmt ");
        U32(16, 16);
        U16(20, 1);
        U16(22, 1);
        U32(24, 8000);
        U32(28, 16000);
        U16(32, 2);
        U16(34, 16);
        Ascii(36, "data");
        U32(40, dataBytes);
        return bytes;
    }
}
