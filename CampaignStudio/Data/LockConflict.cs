using MySqlConnector;

namespace CampaignStudio.Data;

/// <summary>
/// Tells a write that ran into another transaction's locks — on MySQL and MariaDB a deadlock (the database rolled this
/// transaction back and let the other one go ahead) or a lock wait timeout — from other failures. Nothing of it was
/// written; the caller may treat it as having lost a race, or try again.
/// </summary>
internal static class LockConflict
{
    public static bool Is(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is MySqlException { ErrorCode: MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout })
            {
                return true;
            }
        }

        return false;
    }
}
