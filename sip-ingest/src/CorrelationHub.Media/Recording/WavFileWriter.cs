using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace CorrelationHub.Media.Recording;

/// <summary>
/// Writes a 16-bit PCM WAV incrementally to <c>&lt;final&gt;.part</c>, refreshing the header sizes every few seconds
/// of audio so that a crash leaves a playable file, and on <see cref="Complete"/> fixes the header, flushes to disk
/// and renames atomically to the final name. A completed file is never opened for writing again.
/// </summary>
public sealed class WavFileWriter : IFrameSink, IDisposable
{
    public const string PartialSuffix = ".part";

    private readonly FileStream _stream;
    private readonly int _sampleRate;
    private readonly int _channels;
    private readonly long _headerRefreshBytes;
    private long _dataBytes;
    private long _bytesSinceHeader;
    private bool _completed;

    public WavFileWriter(string finalPath, int sampleRate, int channels = 2)
    {
        FinalPath = finalPath;
        PartialPath = finalPath + PartialSuffix;
        _sampleRate = sampleRate;
        _channels = channels;
        _headerRefreshBytes = (long)sampleRate * channels * 2 * 2;
        // A small buffer: audio reaches the OS within ~128 ms at 8 kHz stereo, so an unexpected exit loses little (the
        // startup repair then fixes the header sizes; see <see cref="WavRepair"/>).
        _stream = RecordingDirectories.CreateNew(PartialPath, 4096);
        Span<byte> header = stackalloc byte[WavFormat.HeaderSize];
        WavFormat.WriteHeader(header, sampleRate, channels, 0);
        _stream.Write(header);
    }

    public string FinalPath { get; }

    public string PartialPath { get; }

    public long DataBytes => _dataBytes;

    public TimeSpan Duration => TimeSpan.FromSeconds((double)_dataBytes / (_sampleRate * _channels * 2));

    public void WriteFrames(ReadOnlySpan<short> interleaved)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (BitConverter.IsLittleEndian)
        {
            // WAV is little-endian PCM: the samples' memory is the file's bytes.
            _stream.Write(MemoryMarshal.AsBytes(interleaved));
        }
        else
        {
            Span<byte> buffer = stackalloc byte[2048];
            for (var offset = 0; offset < interleaved.Length; offset += buffer.Length / 2)
            {
                var count = Math.Min(buffer.Length / 2, interleaved.Length - offset);
                for (var i = 0; i < count; i++)
                {
                    BinaryPrimitives.WriteInt16LittleEndian(buffer[(i * 2)..], interleaved[offset + i]);
                }

                _stream.Write(buffer[..(count * 2)]);
            }
        }

        _dataBytes += interleaved.Length * 2L;
        _bytesSinceHeader += interleaved.Length * 2L;
        if (_bytesSinceHeader >= _headerRefreshBytes)
        {
            RefreshHeader(flushToDisk: false);
        }
    }

    /// <summary>Finalises the header, flushes to stable storage and renames <c>.part</c> to the final name.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        RefreshHeader(flushToDisk: true);
        _stream.Dispose();
        _completed = true;
        File.Move(PartialPath, FinalPath, overwrite: false);
    }

    public void Dispose()
    {
        if (!_completed)
        {
            // Not completed (shutdown or error): keep the .part with a correct header so repair can finish it.
            RefreshHeader(flushToDisk: true);
            _stream.Dispose();
            _completed = true;
        }
    }

    private void RefreshHeader(bool flushToDisk)
    {
        var position = _stream.Position;
        Span<byte> header = stackalloc byte[WavFormat.HeaderSize];
        WavFormat.WriteHeader(header, _sampleRate, _channels, _dataBytes);
        _stream.Position = 0;
        _stream.Write(header);
        _stream.Position = position;
        _stream.Flush(flushToDisk);
        _bytesSinceHeader = 0;
    }
}
