using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using CorrelationHub.Media.Srtp;
using Microsoft.Data.Sqlite;
using RtpLoad;

// rtp-capacity load generator: N two-leg recordings (2N streams) against a running recorder on loopback.
//   RtpLoad --sip 127.0.0.1:25060 --pid <recorder pid> --db <sqlite file> --recordings <dir> --calls N
//           [--seconds 20] [--ramp 5] [--warmup 3] [--srtp | --srtp-ahead] [--codec g711|g729|opus]
// Prints one RESULT line; exit code 0 when nothing was lost and every file is complete.
var options = Args.Parse(args);
var sip = IPEndPoint.Parse(options["sip"]);
if (!IPAddress.IsLoopback(sip.Address))
{
    Console.Error.WriteLine("the load generator only sends to loopback");
    return 2;
}

var pid = int.Parse(options["pid"], CultureInfo.InvariantCulture);
var calls = int.Parse(options["calls"], CultureInfo.InvariantCulture);
var seconds = double.Parse(options.GetValueOrDefault("seconds", "20"), CultureInfo.InvariantCulture);
var ramp = double.Parse(options.GetValueOrDefault("ramp", "5"), CultureInfo.InvariantCulture);
var warmup = ramp + double.Parse(options.GetValueOrDefault("warmup", "3"), CultureInfo.InvariantCulture);
var srtpAhead = options.ContainsKey("srtp-ahead");
var srtp = options.ContainsKey("srtp") || srtpAhead;
var codec = LoadCodec.Parse(options.GetValueOrDefault("codec", "g711"));
if (codec is null)
{
    Console.Error.WriteLine("--codec must be g711, g729 or opus");
    return 2;
}

var idleRss = ProcessStats.RssMegabytes(pid);

// Signalling: two early-offer legs per call (x-nearend = agent, x-farend = customer).
await using var client = await SipLegClient.ConnectAsync(sip);
var legs = new List<Leg>();
var setup = Stopwatch.StartNew();
for (var call = 0; call < calls; call++)
{
    foreach (var near in new[] { true, false })
    {
        var key = srtp ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)) : null;
        var leg = new Leg(call, near, $"load-{call}-{(near ? "n" : "f")}-{Guid.NewGuid():N}@127.0.0.1", Guid.NewGuid().ToString("N")[..12], key);
        await client.EstablishAsync(leg, codec);
        legs.Add(leg);
    }
}

setup.Stop();
var targets = legs.Select(l => (l.Media!, l.Near, l.Key is null ? null : new SrtpSession(new SrtpPolicy(SrtpSuite.AesCm128HmacSha1_80, [SrtpMasterKey.FromKeyMaterial(SrtpSuite.AesCm128HmacSha1_80, Convert.FromBase64String(l.Key))])))).ToList();
// Two sending threads, each with half the calls (both legs of a call in the same thread, so a starved thread delays
// a call's two streams alike) and its own socket, so the generator can use both cores.
var blasters = new[] { new RtpBlaster([.. targets.Where((_, i) => i / 2 % 2 == 0)], codec), new RtpBlaster([.. targets.Where((_, i) => i / 2 % 2 == 1)], codec) };

// Media: calls start over the ramp; after the warm-up every stream sends and the recorder's and our own CPU are
// measured over the window.
if (srtpAhead)
{
    Parallel.ForEach(blasters, b => b.ProtectAhead(TimeSpan.FromSeconds(warmup + seconds)));
}

var sending = blasters.Select(b => new Thread(() => b.Run(TimeSpan.FromSeconds(warmup + seconds), TimeSpan.FromSeconds(ramp)))).ToList();
sending.ForEach(t => t.Start());
Thread.Sleep(TimeSpan.FromSeconds(warmup));
var recorderCpu0 = ProcessStats.CpuSeconds(pid);
var ownCpu0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
var window = Stopwatch.StartNew();
Thread.Sleep(TimeSpan.FromSeconds(seconds));
var recorderCpu = (ProcessStats.CpuSeconds(pid) - recorderCpu0) / window.Elapsed.TotalSeconds;
var ownCpu = (Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - ownCpu0) / window.Elapsed.TotalSeconds;
var rss = ProcessStats.RssMegabytes(pid);
sending.ForEach(t => t.Join());
var sent = blasters.Sum(b => b.Sent);
var sendErrors = blasters.Sum(b => b.SendErrors);
var maxLag = blasters.Max(b => b.MaxLag);

foreach (var leg in legs)
{
    await client.ByeAsync(leg);
}

await client.ExpectByeOksAsync(legs.Count);

// What the recorder says it received, from its SegmentEnded facts, and what is in the files.
var deadline = DateTime.UtcNow.AddSeconds(120);
List<JsonElement> facts;
while (true)
{
    facts = EndedFacts(options["db"]);
    if (facts.Count >= calls || DateTime.UtcNow > deadline)
    {
        break;
    }

    Thread.Sleep(200);
}

long received = 0, lost = 0, late = 0, authFailures = 0;
var complete = 0;
var problems = new List<string>();
var expectedSeconds = warmup + seconds - ramp;
foreach (var fact in facts)
{
    foreach (var track in fact.GetProperty("tracks").EnumerateArray())
    {
        received += track.GetProperty("packets").GetInt64();
        lost += track.GetProperty("lost").GetInt64();
        late += track.GetProperty("late").GetInt64();
        authFailures += track.GetProperty("srtpAuthenticationFailures").GetInt64();
    }

    var file = Path.Combine(options["recordings"], fact.GetProperty("audioFile").GetString()!);
    var problem = CheckFile(file, expectedSeconds);
    if (problem is null)
    {
        complete++;
    }
    else if (problems.Count < 5)
    {
        problems.Add($"{Path.GetFileName(file)}: {problem}");
    }
}

var missing = sent - received;
// A generator that fell more than 500 ms behind its schedule sent bursts, not 50 packets/s: the run says nothing.
var valid = maxLag < TimeSpan.FromMilliseconds(500);
var ok = facts.Count == calls && missing == 0 && lost == 0 && late == 0 && complete == calls && sendErrors == 0;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"RESULT calls={calls} streams={legs.Count} codec={codec.Name} srtp={(srtp ? 1 : 0)} sent={sent} received={received} lost={missing} rtp_lost={lost} late={late} auth_failures={authFailures} send_errors={sendErrors} " +
    $"recorder_cpu={recorderCpu * 100:F1} generator_cpu={ownCpu * 100:F1} cpu_per_recording={recorderCpu * 100 / calls:F3} rss_mb={rss:F0} mb_per_recording={(rss - idleRss) / calls:F3} " +
    $"files_complete={complete}/{calls} setup_s={setup.Elapsed.TotalSeconds:F1} generator_max_lag_ms={maxLag.TotalMilliseconds:F0} valid={(valid ? 1 : 0)} ok={(ok ? 1 : 0)}"));
foreach (var problem in problems)
{
    Console.WriteLine("  file problem: " + problem);
}

return !valid ? 3 : ok ? 0 : 1;

static List<JsonElement> EndedFacts(string db)
{
    using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT payload FROM recording_facts WHERE kind = 'SegmentEnded'";
    using var reader = command.ExecuteReader();
    var facts = new List<JsonElement>();
    while (reader.Read())
    {
        facts.Add(JsonDocument.Parse(reader.GetString(0)).RootElement.Clone());
    }

    return facts;
}

// A complete file: header sizes match the data, it lasts the whole call, and neither channel has a hole (a lost
// or late packet would leave 20 ms of exact silence inside the tone).
static string? CheckFile(string path, double expectedSeconds)
{
    if (!File.Exists(path))
    {
        return "missing";
    }

    var bytes = File.ReadAllBytes(path);
    if (bytes.Length < 44 || BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)) != bytes.Length - 44)
    {
        return "header sizes do not match the data";
    }

    var rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24));
    var frames = (bytes.Length - 44) / 4;
    if (frames < (expectedSeconds - 0.5) * rate)
    {
        return $"{frames / (double)rate:F2} s, expected {expectedSeconds:F1} s";
    }

    for (var channel = 0; channel < 2; channel++)
    {
        var first = -1;
        var last = -1;
        for (var f = 0; f < frames; f++)
        {
            if (BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + (f * 4) + (channel * 2))) != 0)
            {
                first = first < 0 ? f : first;
                last = f;
            }
        }

        var run = 0;
        for (var f = Math.Max(0, first); f <= last; f++)
        {
            run = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + (f * 4) + (channel * 2))) == 0 ? run + 1 : 0;
            if (run >= rate / 100)
            {
                return $"channel {channel}: a hole at {f / (double)rate:F2} s";
            }
        }
    }

    return null;
}

internal static class Args
{
    public static Dictionary<string, string> Parse(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var key = args[i][2..];
                result[key] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
            }
        }

        return result;
    }
}
