using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FoodDelivery.Delivery.Data.Migrations
{
    /// <inheritdoc />
    public partial class Lifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "available",
                table: "couriers",
                newName: "on_duty");

            migrationBuilder.AddColumn<Guid>(
                name: "restaurant_id",
                table: "deliveries",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "available_since",
                table: "couriers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "current_delivery_id",
                table: "couriers",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "account_replicas",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    deleted = table.Column<bool>(type: "boolean", nullable: false),
                    role = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_account_replicas", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "order_replicas",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    deleted = table.Column<bool>(type: "boolean", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    restaurant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_replicas", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "restaurant_replicas",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    deleted = table.Column<bool>(type: "boolean", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    address = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_restaurant_replicas", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_status",
                table: "deliveries",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_couriers_available_since",
                table: "couriers",
                column: "available_since");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "account_replicas");

            migrationBuilder.DropTable(
                name: "order_replicas");

            migrationBuilder.DropTable(
                name: "restaurant_replicas");

            migrationBuilder.DropIndex(
                name: "ix_deliveries_status",
                table: "deliveries");

            migrationBuilder.DropIndex(
                name: "ix_couriers_available_since",
                table: "couriers");

            migrationBuilder.DropColumn(
                name: "restaurant_id",
                table: "deliveries");

            migrationBuilder.DropColumn(
                name: "available_since",
                table: "couriers");

            migrationBuilder.DropColumn(
                name: "current_delivery_id",
                table: "couriers");

            migrationBuilder.RenameColumn(
                name: "on_duty",
                table: "couriers",
                newName: "available");
        }
    }
}
