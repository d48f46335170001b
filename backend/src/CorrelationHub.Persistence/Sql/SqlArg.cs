using System.Data;

namespace CorrelationHub.Persistence.Sql;

/// <summary>A typed statement argument: both engines get the type even when the value is null.</summary>
public readonly record struct SqlArg(DbType Type, object? Value)
{
    public static SqlArg Text(string? value) => new(DbType.String, value);

    public static SqlArg Long(long? value) => new(DbType.Int64, value);

    public static SqlArg Int(int? value) => new(DbType.Int32, value);

    public static SqlArg Real(double? value) => new(DbType.Double, value);

    public static SqlArg Flag(bool value) => new(DbType.Int32, value ? 1 : 0);
}
