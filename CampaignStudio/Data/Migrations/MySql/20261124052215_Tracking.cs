using System;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CampaignStudio.Data.Migrations.MySql
{
    /// <inheritdoc />
    public partial class Tracking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CampaignCounters",
                columns: table => new
                {
                    CampaignId = table.Column<int>(type: "int", nullable: false),
                    Channel = table.Column<int>(type: "int", nullable: false),
                    Opens = table.Column<long>(type: "bigint", nullable: false),
                    UniqueOpens = table.Column<long>(type: "bigint", nullable: false),
                    AutomatedOpens = table.Column<long>(type: "bigint", nullable: false),
                    Clicks = table.Column<long>(type: "bigint", nullable: false),
                    UniqueClicks = table.Column<long>(type: "bigint", nullable: false),
                    AutomatedClicks = table.Column<long>(type: "bigint", nullable: false),
                    Conversions = table.Column<long>(type: "bigint", nullable: false),
                    ConversionEvents = table.Column<long>(type: "bigint", nullable: false),
                    ConversionValue = table.Column<long>(type: "bigint", nullable: false),
                    Unsubscribes = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CampaignCounters", x => new { x.CampaignId, x.Channel });
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "CampaignHourCounters",
                columns: table => new
                {
                    CampaignId = table.Column<int>(type: "int", nullable: false),
                    Channel = table.Column<int>(type: "int", nullable: false),
                    HourUtc = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    Opens = table.Column<long>(type: "bigint", nullable: false),
                    UniqueOpens = table.Column<long>(type: "bigint", nullable: false),
                    AutomatedOpens = table.Column<long>(type: "bigint", nullable: false),
                    Clicks = table.Column<long>(type: "bigint", nullable: false),
                    UniqueClicks = table.Column<long>(type: "bigint", nullable: false),
                    AutomatedClicks = table.Column<long>(type: "bigint", nullable: false),
                    Conversions = table.Column<long>(type: "bigint", nullable: false),
                    ConversionEvents = table.Column<long>(type: "bigint", nullable: false),
                    ConversionValue = table.Column<long>(type: "bigint", nullable: false),
                    Unsubscribes = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CampaignHourCounters", x => new { x.CampaignId, x.Channel, x.HourUtc });
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "CampaignLinks",
                columns: table => new
                {
                    CampaignId = table.Column<int>(type: "int", nullable: false),
                    LinkIndex = table.Column<int>(type: "int", nullable: false),
                    Url = table.Column<string>(type: "varchar(2048)", maxLength: 2048, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    IsPersonalized = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    Clicks = table.Column<long>(type: "bigint", nullable: false),
                    UniqueClicks = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CampaignLinks", x => new { x.CampaignId, x.LinkIndex });
                    table.ForeignKey(
                        name: "FK_CampaignLinks_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "DeliveryEngagements",
                columns: table => new
                {
                    DeliveryId = table.Column<long>(type: "bigint", nullable: false),
                    CampaignId = table.Column<int>(type: "int", nullable: false),
                    ContactId = table.Column<long>(type: "bigint", nullable: false),
                    Channel = table.Column<int>(type: "int", nullable: false),
                    FirstOpenUtc = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    FirstClickUtc = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    ConvertedUtc = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    UnsubscribedUtc = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    Opens = table.Column<int>(type: "int", nullable: false),
                    AutomatedOpens = table.Column<int>(type: "int", nullable: false),
                    Clicks = table.Column<int>(type: "int", nullable: false),
                    AutomatedClicks = table.Column<int>(type: "int", nullable: false),
                    Conversions = table.Column<int>(type: "int", nullable: false),
                    ConversionValue = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeliveryEngagements", x => x.DeliveryId);
                    table.ForeignKey(
                        name: "FK_DeliveryEngagements_Deliveries_DeliveryId",
                        column: x => x.DeliveryId,
                        principalTable: "Deliveries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "DeliveryLinkClicks",
                columns: table => new
                {
                    DeliveryId = table.Column<long>(type: "bigint", nullable: false),
                    LinkIndex = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeliveryLinkClicks", x => new { x.DeliveryId, x.LinkIndex });
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "TrackingEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySql:ValueGenerationStrategy", MySqlValueGenerationStrategy.IdentityColumn),
                    DeliveryId = table.Column<long>(type: "bigint", nullable: false),
                    CampaignId = table.Column<int>(type: "int", nullable: false),
                    Channel = table.Column<int>(type: "int", nullable: false),
                    Kind = table.Column<int>(type: "int", nullable: false),
                    LinkIndex = table.Column<int>(type: "int", nullable: true),
                    IsAutomated = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    OccurredUtc = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    UserAgent = table.Column<string>(type: "varchar(300)", maxLength: 300, nullable: true)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    Name = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: true)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    Value = table.Column<long>(type: "bigint", nullable: true),
                    Currency = table.Column<string>(type: "varchar(3)", maxLength: 3, nullable: true)
                        .Annotation("MySql:CharSet", "utf8mb4")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrackingEvents", x => x.Id);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "IX_DeliveryEngagements_CampaignId_ConvertedUtc",
                table: "DeliveryEngagements",
                columns: new[] { "CampaignId", "ConvertedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_DeliveryEngagements_CampaignId_FirstClickUtc",
                table: "DeliveryEngagements",
                columns: new[] { "CampaignId", "FirstClickUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_DeliveryEngagements_CampaignId_FirstOpenUtc",
                table: "DeliveryEngagements",
                columns: new[] { "CampaignId", "FirstOpenUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_DeliveryEngagements_ContactId_CampaignId",
                table: "DeliveryEngagements",
                columns: new[] { "ContactId", "CampaignId" });

            migrationBuilder.CreateIndex(
                name: "IX_TrackingEvents_CampaignId_OccurredUtc",
                table: "TrackingEvents",
                columns: new[] { "CampaignId", "OccurredUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_TrackingEvents_DeliveryId",
                table: "TrackingEvents",
                column: "DeliveryId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CampaignCounters");

            migrationBuilder.DropTable(
                name: "CampaignHourCounters");

            migrationBuilder.DropTable(
                name: "CampaignLinks");

            migrationBuilder.DropTable(
                name: "DeliveryEngagements");

            migrationBuilder.DropTable(
                name: "DeliveryLinkClicks");

            migrationBuilder.DropTable(
                name: "TrackingEvents");
        }
    }
}
