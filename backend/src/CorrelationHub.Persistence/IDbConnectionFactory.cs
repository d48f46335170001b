using System.Data.Common;

namespace CorrelationHub.Persistence;

/// <summary>Opens connections to the configured database and says which SQL dialect it speaks.</summary>
public interface IDbConnectionFactory
{
    SqlDialect Dialect { get; }

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);
}
