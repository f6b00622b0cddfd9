using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CampaignStudio.Data.Migrations.MySql
{
    /// <inheritdoc />
    public partial class DeliveryProgress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deliveries_CampaignId_Status",
                table: "Deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Progress",
                table: "Deliveries",
                columns: new[] { "CampaignId", "Status", "Attempts", "Channel", "SkipReason", "LeaseLapses" });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_SendRate",
                table: "Deliveries",
                columns: new[] { "CampaignId", "SentUtc", "Channel" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deliveries_Progress",
                table: "Deliveries");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_SendRate",
                table: "Deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_CampaignId_Status",
                table: "Deliveries",
                columns: new[] { "CampaignId", "Status" });
        }
    }
}
