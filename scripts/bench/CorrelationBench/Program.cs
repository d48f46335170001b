using System.Diagnostics;
using System.Globalization;
using CorrelationHub.Bench;

// Usage:
//   CorrelationBench seed-day <sqlite file> <agents> <calls per agent> <yyyy-MM-dd>
//   CorrelationBench seed-export <sqlite file> <rows>
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: seed-day <db> <agents> <calls> <date> | seed-export <db> <rows>");
    return 2;
}

var stopwatch = Stopwatch.StartNew();
var database = args[1];
switch (args[0])
{
    case "seed-day":
        var day = DateOnly.ParseExact(args[4], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var counts = await DaySeeder.SeedAsync(database, int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture), day);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {counts.Events} gadget events and {counts.Facts} recording facts ({counts.Segments} segments) in {stopwatch.Elapsed.TotalSeconds:0.0} s"));
        return 0;
    case "seed-export":
        var rows = await ExportSeeder.SeedAsync(database, int.Parse(args[2], CultureInfo.InvariantCulture));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {rows} export rows in {stopwatch.Elapsed.TotalSeconds:0.0} s"));
        return 0;
    case "writer":
        Console.WriteLine(await WriterBench.RunAsync(database, int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture)));
        return 0;
    default:
        Console.Error.WriteLine($"unknown command {args[0]}");
        return 2;
}
