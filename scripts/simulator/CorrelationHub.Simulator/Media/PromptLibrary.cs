using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace CorrelationHub.Simulator.Media;

/// <summary>
/// Speech for the legs: each phrase is rendered once by espeak-ng, resampled by sox to 8 kHz 16-bit mono, and cached
/// on disk by a hash of the text. A stream's audio is a sequence of phrases (an agent's name, "call" and the call
/// digits) joined with short silences, so per-call audio needs no per-call rendering.
/// </summary>
public sealed class PromptLibrary
{
    private readonly string _cache;
    private readonly Dictionary<string, short[]> _loaded = [];
    private readonly Lock _gate = new();

    public PromptLibrary(string cacheDirectory)
    {
        _cache = cacheDirectory;
        Directory.CreateDirectory(_cache);
    }

    public static bool ToolsAvailable() => Which("espeak-ng") && Which("sox");

    /// <summary>Renders every phrase not yet cached, two at a time.</summary>
    public void Prepare(IEnumerable<string> phrases)
    {
        var missing = phrases.Distinct().Where(p => !File.Exists(PathOf(p))).ToList();
        Parallel.ForEach(missing, new ParallelOptions { MaxDegreeOfParallelism = 2 }, Render);
    }

    public short[] Phrase(string text)
    {
        lock (_gate)
        {
            if (_loaded.TryGetValue(text, out var samples))
            {
                return samples;
            }
        }

        var path = PathOf(text);
        if (!File.Exists(path))
        {
            Render(text);
        }

        var bytes = File.ReadAllBytes(path);
        var result = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, result, 0, result.Length * 2);
        lock (_gate)
        {
            _loaded[text] = result;
        }

        return result;
    }

    /// <summary>Phrases joined by 300 ms of silence, ending with a second of silence (the loop of one stream).</summary>
    public short[] Sequence(IEnumerable<string> phrases)
    {
        var parts = new List<short>();
        foreach (var phrase in phrases)
        {
            parts.AddRange(Phrase(phrase));
            parts.AddRange(new short[2_400]);
        }

        parts.AddRange(new short[8_000]);
        return [.. parts];
    }

    private string PathOf(string text)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
        return Path.Combine(_cache, hash + ".s16");
    }

    private void Render(string text)
    {
        var wav = Path.Combine(_cache, Guid.NewGuid().ToString("N") + ".wav");
        var raw = PathOf(text) + ".tmp";
        try
        {
            Run("espeak-ng", ["-v", "en", "-s", "165", "-w", wav, text]);
            Run("sox", [wav, "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", "-t", "raw", raw]);
            File.Move(raw, PathOf(text), overwrite: true);
        }
        finally
        {
            File.Delete(wav);
            File.Delete(raw);
        }
    }

    private static void Run(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} exited {process.ExitCode}: {error}");
        }
    }

    private static bool Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(dir => File.Exists(Path.Combine(dir, tool)));
}
