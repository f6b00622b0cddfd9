using CampaignStudio.Features.Shared;
using Microsoft.AspNetCore.Identity;

namespace CampaignStudio.Features.Identity;

internal static class IdentityErrors
{
    /// <summary>Turns Identity's errors into a validation error on the field they are about.</summary>
    public static void ThrowIfFailed(IdentityResult result, string defaultField)
    {
        if (result.Succeeded)
        {
            return;
        }

        throw new ValidationFailedException(result.Errors
            .GroupBy(e => FieldOf(e.Code) ?? defaultField)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
    }

    private static string? FieldOf(string code) => code switch
    {
        _ when code.StartsWith("Password", StringComparison.Ordinal) => "Password",
        "DuplicateUserName" or "DuplicateEmail" or "InvalidEmail" or "InvalidUserName" => "Email",
        _ => null,
    };
}
