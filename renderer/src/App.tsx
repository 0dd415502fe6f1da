export function App() {
  const host = window.nq57Host;
  return (
    <div className="page">
      <header className="page-header">
        <p className="agency">Sở Khoa học và Công nghệ tỉnh Điện Biên</p>
        <h1>Bộ tiêu chí đánh giá kết quả truyền thông NQ57</h1>
      </header>
      <main className="page-body">
        <p>
          Các màn hình đánh giá (nhập minh chứng, chấm điểm, xếp hạng) sẽ có cùng với phần ứng dụng trong đợt
          phát triển tiếp theo.
        </p>
        <p>Hiện tại, bộ máy chấm điểm đã dùng được qua dòng lệnh:</p>
        <pre className="command">
          <code>npm run -s cli -- score …</code>
        </pre>
      </main>
      <footer className="page-footer">
        {host ? `Ứng dụng máy tính, phiên bản ${host.version}` : 'Đang chạy trong trình duyệt'}
      </footer>
    </div>
  );
}
