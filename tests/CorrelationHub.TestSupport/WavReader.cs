using System.Buffers.Binary;

namespace CorrelationHub.TestSupport;

/// <summary>Reads a 16-bit PCM WAV into per-channel sample arrays, checking the header against the file.</summary>
public sealed record WavData(int SampleRate, int Channels, short[][] ChannelSamples, long DeclaredDataBytes, long ActualDataBytes)
{
    public static WavData Parse(byte[] bytes)
    {
        if (bytes.Length < 44 || !bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !bytes.AsSpan(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException("not a RIFF/WAVE file");
        }

        var channels = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(22));
        var rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24));
        var bits = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(34));
        if (bits != 16 || !bytes.AsSpan(36, 4).SequenceEqual("data"u8))
        {
            throw new InvalidDataException("not canonical 16-bit PCM");
        }

        var declared = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40));
        var actual = bytes.Length - 44;
        var frames = actual / (2 * channels);
        var samples = new short[channels][];
        for (var c = 0; c < channels; c++)
        {
            samples[c] = new short[frames];
        }

        for (var f = 0; f < frames; f++)
        {
            for (var c = 0; c < channels; c++)
            {
                samples[c][f] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + (((f * channels) + c) * 2)));
            }
        }

        return new WavData(rate, channels, samples, declared, actual);
    }
}
