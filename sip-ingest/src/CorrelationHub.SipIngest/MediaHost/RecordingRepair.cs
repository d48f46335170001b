using System.Globalization;
using System.Text.Json;
using CorrelationHub.Media.Recording;
using CorrelationHub.Facts;
using Microsoft.Extensions.Logging;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>
/// After an unexpected exit: every <c>.part</c> under <c>Recording:Directory</c> gets a correct header and its final
/// name (<see cref="WavRepair"/>), and every segment sidecar becomes a <see cref="RecordingFactKind.SegmentEnded"/>
/// fact with end reason <c>recovered</c>, so the backend learns about the file. A sidecar whose file was already
/// final (exit between the rename and the end fact) is reported the same way. A <c>.part</c> without a sidecar is
/// reported with the recording id and segment number from its name.
/// </summary>
public sealed class RecordingRepair
{
    public const string EndReason = "recovered";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _directory;
    private readonly IRecordingFactSink _facts;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RecordingRepair(string directory, IRecordingFactSink facts, TimeProvider time, ILogger logger)
    {
        _directory = directory;
        _facts = facts;
        _time = time;
        _logger = logger;
    }

    /// <summary>Repairs and reports; returns the facts published.</summary>
    public IReadOnlyList<RecordingFact> Run()
    {
        var published = new List<RecordingFact>();
        if (!Directory.Exists(_directory))
        {
            return published;
        }

        var sidecars = Directory.EnumerateFiles(_directory, "*" + SegmentRecorder.SidecarSuffix, SearchOption.AllDirectories)
            .ToDictionary(path => path[..^SegmentRecorder.SidecarSuffix.Length], StringComparer.Ordinal);
        foreach (var part in Directory.EnumerateFiles(_directory, "*.wav" + WavFileWriter.PartialSuffix, SearchOption.AllDirectories).ToList())
        {
            var final = part[..^WavFileWriter.PartialSuffix.Length];
            WavRepair.Result result;
            try
            {
                result = WavRepair.Repair(part);
            }
            catch (IOException ex)
            {
                MediaLog.RepairFailed(_logger, Relative(part), ex);
                continue;
            }

            MediaLog.Repaired(_logger, Relative(result.FinalPath), result.Seconds);
            sidecars.Remove(final, out var sidecar);
            published.Add(Publish(sidecar, result.FinalPath, result.Seconds));
        }

        foreach (var (final, sidecar) in sidecars)
        {
            // The file was finished but its end fact may not have left the process; a sidecar without any file is
            // a segment that never received audio.
            var seconds = File.Exists(final) ? SecondsOf(final) : 0;
            published.Add(Publish(sidecar, File.Exists(final) ? final : null, seconds));
        }

        return published;
    }

    private RecordingFact Publish(string? sidecar, string? file, double seconds)
    {
        var start = sidecar is null ? null : ReadSidecar(sidecar);
        var now = _time.GetUtcNow();
        var fact = (start ?? FromName(file!, now)) with
        {
            Kind = RecordingFactKind.SegmentEnded,
            OccurredAt = now,
            SegmentEnd = (start?.SegmentStart ?? now).AddSeconds(seconds),
            EndReason = EndReason,
            AudioFile = file is null ? null : Relative(file),
            AudioSeconds = seconds,
            Flags = seconds == 0 ? ["recovered", "no-audio"] : ["recovered"],
        };
        _facts.Publish(fact);
        if (sidecar is not null)
        {
            File.Delete(sidecar);
        }

        return fact;
    }

    private RecordingFact? ReadSidecar(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RecordingFact>(File.ReadAllBytes(path), Json);
        }
        catch (Exception ex) when (ex is JsonException or IOException or NotSupportedException)
        {
            MediaLog.SidecarUnreadable(_logger, Relative(path));
            return null;
        }
    }

    /// <summary><c>&lt;recording&gt;-&lt;segment&gt;.wav</c> (RecordingPaths) when no sidecar says more.</summary>
    private static RecordingFact FromName(string file, DateTimeOffset now)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var dash = name.LastIndexOf('-');
        var index = dash > 0 && int.TryParse(name.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 1;
        return new RecordingFact
        {
            Kind = RecordingFactKind.SegmentEnded,
            RecordingId = dash > 0 ? name[..dash] : name,
            SegmentIndex = index,
            OccurredAt = now,
            Source = "unknown",
            SegmentStart = File.GetCreationTimeUtc(file),
        };
    }

    private static double SecondsOf(string wav)
    {
        using var stream = File.OpenRead(wav);
        Span<byte> header = stackalloc byte[WavFormat.HeaderSize];
        if (stream.Read(header) != WavFormat.HeaderSize)
        {
            return 0;
        }

        var rate = BitConverter.ToInt32(header[24..28]);
        var channels = BitConverter.ToInt16(header[22..24]);
        return rate <= 0 || channels <= 0 ? 0 : (stream.Length - WavFormat.HeaderSize) / (double)(rate * channels * 2);
    }

    private string Relative(string path) => Path.GetRelativePath(_directory, path).Replace('\\', '/');
}
