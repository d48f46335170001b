using System.Text.Json;
using CorrelationHub.Media.Recording;
using CorrelationHub.Media.Rtp;
using CorrelationHub.Facts;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>
/// The audio of one segment: a stereo timeline written incrementally to one WAV file. Position 0 is
/// <see cref="StartedAt"/>. The sample rate is fixed by configuration or, by default, by the first decoded audio of
/// either track (G.722 → 16 kHz, G.711 → 8 kHz); the other track is converted to it, so a G.722 leg beside a G.711
/// leg still gives one file. The file is created with that first audio. Beside it a sidecar
/// (<see cref="SidecarSuffix"/>) holds the segment's start fact from the ACK until the file is final, so that the
/// startup repair can report a file left by an unexpected exit. Callers hold <see cref="Gate"/> around every call.
/// </summary>
public sealed class SegmentRecorder : ITrackWriter
{
    public const string SidecarSuffix = ".segment.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TimeProvider _time;
    private readonly int _fixedSampleRate;
    private readonly long _jitterMs;
    private readonly IRecordingFactSink? _facts;
    private readonly int _opusSampleRate;
    private WavFileWriter? _writer;
    private StereoTimeline? _timeline;
    private long _jitterSamples;
    private long _idleSamples;
    private readonly long[] _lastWrite = [long.MinValue, long.MinValue];
    private long _lastAnyWrite = long.MinValue;
    private long _resumedAt = long.MinValue;
    private readonly Lock _sidecarGate = new();
    private bool _sidecarDone;

    public SegmentRecorder(string finalPath, DateTimeOffset startedAt, TimeProvider time, int fixedSampleRate, int jitterAllowanceMs, IRecordingFactSink? facts = null, int opusSampleRate = 16000)
    {
        _opusSampleRate = opusSampleRate == 48000 ? 48000 : 16000;
        _time = time;
        FinalPath = finalPath;
        StartedAt = startedAt;
        StartTimestamp = time.GetTimestamp();
        _fixedSampleRate = fixedSampleRate;
        _jitterMs = jitterAllowanceMs;
        _facts = facts;
    }

    public Lock Gate { get; } = new();

    public DateTimeOffset StartedAt { get; }

    public long StartTimestamp { get; }

    /// <summary>0 until the first audio (or <see cref="Finish"/>) chose it.</summary>
    public int SampleRate { get; private set; }

    public bool Finished { get; private set; }

    public string FinalPath { get; }

    public string SidecarPath => FinalPath + SidecarSuffix;

    /// <summary>The segment's start fact, once the first leg was confirmed (template for live alarms).</summary>
    public RecordingFact? StartFact { get; private set; }

    /// <summary>
    /// The first decoded audio's native rate (<see cref="Media.Codecs.AudioDecoders.NativeRate"/>) chooses the file's
    /// rate, unless <c>Recording:SampleRate</c> fixes it: 16 kHz stays, 48 kHz (Opus) becomes <c>Recording:OpusSampleRate</c>,
    /// anything else 8 kHz.
    /// </summary>
    public void ChooseSampleRate(int preferred)
    {
        if (SampleRate != 0)
        {
            return;
        }

        SampleRate = _fixedSampleRate is 8000 or 16000 or 48000 ? _fixedSampleRate : preferred switch
        {
            >= 48000 => _opusSampleRate,
            16000 => 16000,
            _ => 8000,
        };
        _writer = new WavFileWriter(FinalPath, SampleRate);
        _timeline = new StereoTimeline(_writer, SampleRate * 20);
        _jitterSamples = SampleRate * _jitterMs / 1000;
        _idleSamples = SampleRate * Math.Max(2000, _jitterMs * 4) / 1000;
    }

    /// <summary>Where on the timeline a packet that arrived at <paramref name="arrivalTimestamp"/> belongs by wall clock.</summary>
    public long ArrivalPosition(long arrivalTimestamp) => (long)(_time.GetElapsedTime(StartTimestamp, arrivalTimestamp).TotalSeconds * SampleRate);

    /// <summary>
    /// Places samples, then writes out what no track can still add to: everything older than the jitter allowance
    /// behind the end of the slower of the tracks that are sending. A track that sent nothing for a while (hold, DTX,
    /// or never) while the other kept writing does not hold the other back. So when packet processing stalls (a pause
    /// of the whole process, a burst), the backlog of one track is not written past before the other track's backlog
    /// is placed: after a pause of the whole segment, every track gets the grace period again.
    /// </summary>
    public void Write(int channel, long position, ReadOnlySpan<short> samples)
    {
        if (Finished || _timeline is null)
        {
            return;
        }

        var now = ArrivalPosition(_time.GetTimestamp());
        if (_lastAnyWrite == long.MinValue || now - _lastAnyWrite > _jitterSamples)
        {
            _resumedAt = now;
        }

        _lastAnyWrite = now;
        _lastWrite[channel] = now;
        var end = long.MaxValue;
        for (var c = 0; c < 2; c++)
        {
            if (_lastWrite[c] != long.MinValue && now - Math.Max(_lastWrite[c], _resumedAt) <= _idleSamples)
            {
                end = Math.Min(end, c == channel ? Math.Max(_timeline.EndOf(c), position + samples.Length) : _timeline.EndOf(c));
            }
        }

        // What is written out after this write, as far as it lies below this write's samples, can go first: the ring
        // then holds only what is still open, not the silence before a segment's first packet.
        _timeline.FlushTo(Math.Min(end - _jitterSamples, position));
        _timeline.Write(channel, position, samples);
        _timeline.FlushTo(end - _jitterSamples);
    }

    public long WrittenPosition => _timeline?.FlushedPosition ?? 0;

    public long LateSamples(int channel) => _timeline?.LateSamples(channel) ?? 0;

    /// <summary>Remembers the start fact and writes the sidecar the startup repair reads after an unexpected exit.</summary>
    public void Started(RecordingFact fact, Action<Exception>? onError = null)
    {
        MarkStarted(fact);
        WriteSidecar(fact, onError);
    }

    /// <summary>Remembers the start fact (the template of live alarms); the sidecar is <see cref="WriteSidecar"/>'s.</summary>
    public void MarkStarted(RecordingFact fact)
    {
        lock (Gate)
        {
            StartFact = fact;
        }
    }

    /// <summary>
    /// Writes the sidecar, off the SIP path (a file create and a rename). A segment finished before this ran has no
    /// use for it, and none is left behind.
    /// </summary>
    public void WriteSidecar(RecordingFact fact, Action<Exception>? onError = null)
    {
        lock (_sidecarGate)
        {
            if (_sidecarDone)
            {
                return;
            }

            try
            {
                var temporary = SidecarPath + ".tmp";
                RecordingDirectories.Write(temporary, JsonSerializer.SerializeToUtf8Bytes(fact, Json));
                File.Move(temporary, SidecarPath, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                onError?.Invoke(ex);
            }
        }
    }

    /// <summary>Publishes a live media alarm (or its clearing) for this segment, once its start fact is known.</summary>
    public void PublishAlarm(IReadOnlyList<string> flags, IReadOnlyList<TrackQuality> tracks)
    {
        if (StartFact is { } start && _facts is not null)
        {
            _facts.Publish(start with { Kind = RecordingFactKind.MediaAlarm, OccurredAt = _time.GetUtcNow(), Flags = flags, Tracks = tracks });
        }
    }

    /// <summary>Writes the rest (silence up to <paramref name="endedAt"/>), finalises and renames the file; returns its length in seconds.</summary>
    public double Finish(DateTimeOffset endedAt)
    {
        if (Finished)
        {
            return _writer?.Duration.TotalSeconds ?? 0;
        }

        // No audio at all: the file still covers the segment, as silence, at the default rate.
        ChooseSampleRate(8000);
        Finished = true;
        var endPosition = (long)((endedAt - StartedAt).TotalSeconds * SampleRate);
        _timeline!.FlushTo(Math.Max(_timeline.End, endPosition));
        _writer!.Complete();
        lock (_sidecarGate)
        {
            _sidecarDone = true;
            File.Delete(SidecarPath);
        }

        return _writer.Duration.TotalSeconds;
    }

    /// <summary>Stops without finishing: the .part stays for the startup repair (used only when finishing is impossible).</summary>
    public void Abandon()
    {
        Finished = true;
        _writer?.Dispose();
    }
}
