using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FoodDelivery.Accounts.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReplicaOriginCluster : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sync_take_over_fences",
                columns: table => new
                {
                    owner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    fenced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sync_take_over_fences", x => x.owner);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sync_take_over_fences");
        }
    }
}
