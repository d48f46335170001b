using CorrelationHub.Media.Codecs;
using CorrelationHub.TestSupport;

namespace RtpLoad;

/// <summary>
/// What the generator sends (<c>--codec</c>): G.711 µ-law, G.729 (libbcg729's encoder, two frames a packet) or Opus
/// (Concentus, 48 kHz mono, 20 ms frames); a second of a tone is encoded once per stream kind and sent in a loop.
/// </summary>
internal sealed record LoadCodec(string Name, int PayloadType, int TimestampStep, string Rtpmap)
{
    public static LoadCodec? Parse(string name) => name.ToLowerInvariant() switch
    {
        "g711" or "pcmu" => new LoadCodec("g711", 0, 160, "0 PCMU/8000"),
        "g729" => new LoadCodec("g729", CodecStreams.G729PayloadType, 160, "18 G729/8000"),
        "opus" => new LoadCodec("opus", CodecStreams.OpusPayloadType, 960, "111 opus/48000/2"),
        _ => null,
    };

    /// <summary>Fifty 20 ms payloads of a tone at <paramref name="frequency"/>.</summary>
    public byte[][] Payloads(double frequency) => Name switch
    {
        "g729" => [.. CodecStreams.G729(CodecStreams.Tone8k(frequency, 1.0), 1).Packets.Select(p => p[12..])],
        "opus" => [.. CodecStreams.Opus(CodecStreams.Tone48k(frequency, 1.0), 1).Select(p => p[12..])],
        _ => [.. Enumerable.Range(0, 50).Select(_ => G711Tone(frequency))],
    };

    /// <summary>A tone whose period divides 20 ms, so every packet carries the same bytes.</summary>
    private static byte[] G711Tone(double frequency)
    {
        var payload = new byte[160];
        for (var i = 0; i < 160; i++)
        {
            payload[i] = G711.EncodeMuLaw((short)(8000 * Math.Sin(2 * Math.PI * frequency * i / 8000)));
        }

        return payload;
    }
}
