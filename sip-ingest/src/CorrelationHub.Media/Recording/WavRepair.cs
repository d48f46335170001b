using System.Buffers.Binary;

namespace CorrelationHub.Media.Recording;

/// <summary>
/// Makes a <c>.part</c> left by an unexpected exit playable: the header's RIFF and data sizes are set from the
/// bytes actually on disk (a trailing partial frame is cut), the file is flushed, then renamed to its final name.
/// Every sample that reached the disk plays. A file too short for a header gets a fresh header.
/// </summary>
public static class WavRepair
{
    public sealed record Result(string FinalPath, int SampleRate, int Channels, long DataBytes)
    {
        public double Seconds => Channels == 0 || SampleRate == 0 ? 0 : DataBytes / (double)(SampleRate * Channels * 2);
    }

    /// <param name="partialPath">A path ending in <see cref="WavFileWriter.PartialSuffix"/>.</param>
    /// <param name="defaultSampleRate">The rate written when the header itself is missing.</param>
    public static Result Repair(string partialPath, int defaultSampleRate = 8000)
    {
        if (!partialPath.EndsWith(WavFileWriter.PartialSuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException("not a partial recording", nameof(partialPath));
        }

        int sampleRate;
        int channels;
        long dataBytes;
        using (var stream = new FileStream(partialPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            Span<byte> header = stackalloc byte[WavFormat.HeaderSize];
            var valid = stream.Length >= WavFormat.HeaderSize && stream.Read(header) == WavFormat.HeaderSize
                && header[..4].SequenceEqual("RIFF"u8) && header[36..40].SequenceEqual("data"u8);
            sampleRate = valid ? BinaryPrimitives.ReadInt32LittleEndian(header[24..]) : defaultSampleRate;
            channels = valid ? BinaryPrimitives.ReadInt16LittleEndian(header[22..]) : 2;
            if (sampleRate is <= 0 or > 192_000 || channels is <= 0 or > 8)
            {
                sampleRate = defaultSampleRate;
                channels = 2;
            }

            var blockAlign = channels * 2;
            dataBytes = Math.Max(0, stream.Length - WavFormat.HeaderSize);
            dataBytes -= dataBytes % blockAlign;
            stream.SetLength(WavFormat.HeaderSize + dataBytes);
            WavFormat.WriteHeader(header, sampleRate, channels, dataBytes);
            stream.Position = 0;
            stream.Write(header);
            stream.Flush(flushToDisk: true);
        }

        var finalPath = partialPath[..^WavFileWriter.PartialSuffix.Length];
        if (File.Exists(finalPath))
        {
            // Never overwrite a finished file: keep both.
            finalPath = Path.ChangeExtension(finalPath, null) + "-recovered" + Path.GetExtension(finalPath);
        }

        File.Move(partialPath, finalPath, overwrite: false);
        return new Result(finalPath, sampleRate, channels, dataBytes);
    }
}
