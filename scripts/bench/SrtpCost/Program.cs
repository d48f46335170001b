// SRTP receive cost: for each suite, SESSIONS receive sessions (one per stream, as the recorder has) are fed
// PACKETS protected G.711 packets (160-byte payload, 20 ms each) in turn, session after session, and the CPU time of
// UnprotectRtp per packet is printed, with the CPU share that would take at 100,000 packets/s (1,000 two-leg
// recordings). Every packet must verify; a failure ends the run with exit code 1.
// Usage: SrtpCost [sessions=2000] [packets=1000000] [rounds=3]
using CorrelationHub.Media.Srtp;

var sessions = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2000;
var packets = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
var rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3;
Console.WriteLine($"srtp-cost: {sessions} sessions in turn, {packets} packets per round, {rounds} rounds (median), {Environment.ProcessorCount} cores");
foreach (var suite in SrtpSuite.All)
{
    var results = new List<double>();
    for (var round = 0; round < rounds; round++)
    {
        results.Add(CostRun.MicrosecondsPerPacket(suite, sessions, packets, seed: round));
    }

    results.Sort();
    var median = results[results.Count / 2];
    Console.WriteLine($"RESULT suite={suite.Name} us_per_packet={median:F2} (rounds {string.Join(" / ", results.Select(r => r.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}) core_share_at_100k_pps={median * 100_000 / 1_000_000 * 100:F1}%");
}
