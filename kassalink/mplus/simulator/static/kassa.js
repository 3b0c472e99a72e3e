// The simulator's Kassa page: pick a workplace, ring up articles, scan (paste) a customer
// code, pay. The sale goes to POST /_simulator/sale, which calls the POS webhooks.
(function () {
  "use strict";
  var basket = [];
  var catalogue = null;
  function euros(cents) { return "€ " + (cents / 100).toFixed(2).replace(".", ","); }
  function render() {
    var list = document.getElementById("basket");
    list.innerHTML = "";
    var total = 0;
    basket.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item.quantity + " × " + item.text + "  " + euros(item.price * item.quantity);
      list.appendChild(li);
      total += item.price * item.quantity;
    });
    document.getElementById("total").textContent = euros(total);
  }
  function add(article) {
    var found = basket.find(function (i) { return i.article_number === article.number; });
    if (found) { found.quantity += 1; } else {
      basket.push({ article_number: article.number, text: article.text, price: article.price, quantity: 1 });
    }
    render();
  }
  function load() {
    fetch("/_simulator/catalogue").then(function (r) { return r.json(); }).then(function (data) {
      catalogue = data;
      var select = document.getElementById("workplace");
      data.workplaces.forEach(function (w) {
        var option = document.createElement("option");
        option.value = w.branch + ":" + w.workplace;
        option.textContent = w.branch_name + " · " + w.name;
        select.appendChild(option);
      });
      var holder = document.getElementById("articles");
      data.articles.forEach(function (a) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = a.text + " " + euros(a.price);
        button.setAttribute("data-article", a.number);
        button.addEventListener("click", function () { add(a); });
        holder.appendChild(button);
      });
    });
  }
  function pay() {
    var place = document.getElementById("workplace").value.split(":");
    var body = {
      branch: parseInt(place[0], 10), workplace: parseInt(place[1], 10),
      scan_code: document.getElementById("code").value.trim() || null,
      articles: basket.map(function (i) { return { article_number: i.article_number, quantity: i.quantity }; })
    };
    document.getElementById("pay").disabled = true;
    fetch("/_simulator/sale", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) { return r.json(); })
      .then(function (sale) {
        document.getElementById("result").hidden = false;
        document.getElementById("printed").textContent = (sale.printed || [sale.error]).join("\n");
        var footer = document.getElementById("footer");
        footer.innerHTML = "";
        if (sale.footer) {
          var text = document.createElement("p");
          text.textContent = sale.footer.text;
          footer.appendChild(text);
          if (sale.footer.qrSvg) {
            var holder = document.createElement("div");
            holder.innerHTML = sale.footer.qrSvg; // SVG drawn by the simulator, not user input
            footer.appendChild(holder);
          }
          var link = document.createElement("a");
          link.href = sale.footer.qr;
          link.textContent = sale.footer.qr;
          link.setAttribute("data-testid", "claim-link");
          footer.appendChild(link);
        }
        document.getElementById("calls").textContent = JSON.stringify(sale.webhookCalls, null, 2);
        basket = [];
        document.getElementById("code").value = "";
        render();
      })
      .finally(function () { document.getElementById("pay").disabled = false; });
  }
  document.addEventListener("DOMContentLoaded", function () {
    load();
    document.getElementById("pay").addEventListener("click", pay);
    document.getElementById("clear").addEventListener("click", function () { basket = []; render(); });
  });
})();
