using System.Globalization;
using System.Net;
using System.Text.Json;
using CorrelationHub.Simulator;
using CorrelationHub.Simulator.Accuracy;
using CorrelationHub.Simulator.Day;
using CorrelationHub.Simulator.Play;
using CorrelationHub.Simulator.Site;
using CorrelationHub.Simulator.Truth;

const string usage = """
    correlationhub-sim — contact-center simulator with ground truth

      generate --site <name|file.json> [--speed K] [overrides] --out <dir>
          Generates the day and writes day.txt (summary) and truth.jsonl (expected links, without wall times).
      play --site <name|file.json> --base-url <http://host:port> [--speed K] [--api-key KEY] [--sip-host 127.0.0.1]
           [--sip-tcp PORT] [--sip-udp PORT] [--repeat] [overrides] --out <dir>
          Plays the day against a running CorrelationHub (SIP ports read from /health/ready when not given) and
          writes truth.jsonl with what was sent. --repeat plays new days (seed + 1) until stopped (the demo).
      compare --truth <truth.jsonl> --export <export.csv> [--min-correct 99.5] [--examples N] [--json report.json]
               [--failures failures.jsonl]
          Scores the export against the truth; exit 0 when the targets are met, 3 when not.

      overrides: --calls N --agents N --hours H --seed S --srtp-share X --siprec-share X --media true|false
      built-in sites: day-200 (200 agents, 6,000 calls, 8 h), demo-24 (24 agents), short (test.sh)
    """;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(usage);
    return 0;
}

var options = CommandLine.Parse(args.Skip(1));
try
{
    switch (args[0])
    {
        case "generate":
        {
            var (site, speed) = LoadSite(options);
            var day = new DayGenerator(site, speed).Generate();
            var truth = EvidenceAnalyzer.Analyze(day);
            var output = Directory.CreateDirectory(options.Required("out")).FullName;
            var summary = DaySummary.Render(day, truth);
            File.WriteAllText(Path.Combine(output, "day.txt"), summary);
            TruthFile.Write(Path.Combine(output, "truth.jsonl"), truth);
            Console.Write(summary);
            return 0;
        }

        case "play":
        {
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            var (site, speed) = LoadSite(options);
            var baseUrl = options.Required("base-url").TrimEnd('/');
            var (tcp, udp) = await SipEndpoints(options, baseUrl);
            var output = Directory.CreateDirectory(options.Required("out")).FullName;
            var playOptions = new PlayOptions
            {
                BaseUrl = baseUrl,
                SipTcp = tcp,
                SipUdp = udp,
                ApiKey = options.Get("api-key"),
                BridgeScript = options.Get("bridge") ?? FindBridge(),
                SignalRModuleDirectory = options.Get("signalr-modules"),
                PromptCache = options.Get("prompt-cache") ?? Path.Combine(Path.GetTempPath(), "correlationhub-sim-prompts"),
            };
            var round = 0;
            do
            {
                var day = new DayGenerator(site, speed).Generate();
                var truth = EvidenceAnalyzer.Analyze(day);
                var summary = DaySummary.Render(day, truth);
                Console.Write(summary);
                (_, truth) = await Player.PlayAsync(day, truth, playOptions, Console.Out, cancel.Token);
                var suffix = round == 0 ? string.Empty : "-" + round.ToString(CultureInfo.InvariantCulture);
                File.WriteAllText(Path.Combine(output, $"day{suffix}.txt"), summary);
                TruthFile.Write(Path.Combine(output, $"truth{suffix}.jsonl"), truth);
                site.Seed++;
                round++;
            }
            while (options.Flag("repeat") && !cancel.IsCancellationRequested);

            return 0;
        }

        case "compare":
        {
            var truth = TruthFile.Read(options.Required("truth"));
            var export = CsvTable.Read(File.ReadAllText(options.Required("export")));
            var minCorrect = double.Parse(options.Get("min-correct") ?? "99.5", CultureInfo.InvariantCulture);
            var report = AccuracyComparer.Compare(truth, export);
            Console.Write(report.Render(minCorrect));
            var examples = int.Parse(options.Get("examples") ?? "0", CultureInfo.InvariantCulture);
            if (examples > 0)
            {
                Console.WriteLine();
                Console.WriteLine("Failures by category, with examples from the truth file:");
                Console.Write(report.Examples(examples));
            }

            if (options.Get("json") is { } jsonPath)
            {
                File.WriteAllText(jsonPath, JsonSerializer.Serialize(new
                {
                    segments = report.Total.Segments,
                    correct = report.Total.Count(Outcome.Correct),
                    correctRate = report.CorrectRate,
                    confidentWrong = report.Total.ConfidentWrong,
                    undecidableNotFlagged = report.UndecidableNotFlagged,
                    recordingSuccessRate = report.RecordingSuccessRate,
                    metadataMatchRate = report.MetadataMatchRate,
                    byScenario = report.ByScenario.ToDictionary(p => p.Key, p => new { p.Value.Segments, p.Value.Outcomes, p.Value.ConfidentWrong }),
                    targetsMet = report.MeetsTargets(minCorrect),
                }, SiteDescription.Json));
            }

            if (options.Get("failures") is { } failuresPath)
            {
                // Every segment not judged correct, one JSON line each: the truth and the export row it was judged on.
                File.WriteAllLines(failuresPath, report.Judgements.Where(j => j.Outcome != Outcome.Correct)
                    .Select(j => JsonSerializer.Serialize(new { outcome = j.Outcome, truth = j.Truth, row = j.Row }, new JsonSerializerOptions(SiteDescription.Json) { WriteIndented = false })));
            }

            return report.MeetsTargets(minCorrect) ? 0 : 3;
        }

        default:
            Console.Error.WriteLine(usage);
            return 64;
    }
}
catch (Exception ex) when (ex is FileNotFoundException or ArgumentException or InvalidDataException or JsonException or HttpRequestException or InvalidOperationException)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 1;
}

static (SiteDescription Site, double Speed) LoadSite(CommandLine options)
{
    var site = SiteLoader.Load(options.Get("site") ?? "demo-24");
    string? value;
    if ((value = options.Get("calls")) is not null)
    {
        site.Calls = int.Parse(value, CultureInfo.InvariantCulture);
    }

    if ((value = options.Get("agents")) is not null)
    {
        site.Agents.Count = int.Parse(value, CultureInfo.InvariantCulture);
    }

    if ((value = options.Get("hours")) is not null)
    {
        site.DayHours = double.Parse(value, CultureInfo.InvariantCulture);
    }

    if ((value = options.Get("seed")) is not null)
    {
        site.Seed = int.Parse(value, CultureInfo.InvariantCulture);
    }

    if ((value = options.Get("srtp-share")) is not null)
    {
        site.Recording.SrtpShare = double.Parse(value, CultureInfo.InvariantCulture);
    }

    if ((value = options.Get("siprec-share")) is not null)
    {
        site.Recording.SiprecShare = double.Parse(value, CultureInfo.InvariantCulture);
    }

    if ((value = options.Get("media")) is not null)
    {
        site.Recording.Media = bool.Parse(value);
    }

    return (site, double.Parse(options.Get("speed") ?? "1", CultureInfo.InvariantCulture));
}

static async Task<(IPEndPoint Tcp, IPEndPoint? Udp)> SipEndpoints(CommandLine options, string baseUrl)
{
    var host = IPAddress.Parse(options.Get("sip-host") ?? "127.0.0.1");
    if (options.Get("sip-tcp") is { } tcpPort)
    {
        var udpPort = options.Get("sip-udp");
        return (new IPEndPoint(host, int.Parse(tcpPort, CultureInfo.InvariantCulture)), udpPort is null ? null : new IPEndPoint(host, int.Parse(udpPort, CultureInfo.InvariantCulture)));
    }

    // The product reports the ports it bound (Sip:EphemeralPorts) on /health/ready.
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    using var document = JsonDocument.Parse(await http.GetStringAsync(baseUrl + "/health/ready"));
    var sip = document.RootElement.GetProperty("sip");
    static IPEndPoint? Read(JsonElement sip, string name, IPAddress fallback) =>
        sip.TryGetProperty(name, out var value) && value.GetString() is { } text && IPEndPoint.TryParse(text, out var endpoint)
            ? new IPEndPoint(endpoint.Address.Equals(IPAddress.Any) ? fallback : endpoint.Address, endpoint.Port) : null;
    var tcp = Read(sip, "tcp", host) ?? throw new ArgumentException("the product has no SIP TCP listener (/health/ready)");
    return (tcp, Read(sip, "udp", host));
}

static string FindBridge()
{
    // scripts/simulator/gadget-bridge.mjs, found upwards from the program (it lives in the repository, beside tests/js).
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        var candidate = Path.Combine(directory.FullName, "scripts", "simulator", "gadget-bridge.mjs");
        if (File.Exists(candidate))
        {
            return candidate;
        }
    }

    throw new FileNotFoundException("scripts/simulator/gadget-bridge.mjs not found above " + AppContext.BaseDirectory + "; pass --bridge");
}
